"""GET /metrics in the Prometheus text format.

Counters and histograms live in app.core.instruments; the backlogs are read from the database
at scrape time, in one short read-only session, by the gauge sources the layers above register
(app/assembly.py): the core names no outbox, queue nor webhook. A database that cannot be read
turns `partilha_database_up` to 0 and leaves those gauges out: the scrape itself never fails.

Several worker processes (uvicorn --workers): scripts/start.sh exports PROMETHEUS_MULTIPROC_DIR,
a private folder emptied before uvicorn starts, where every process keeps its counters and
histograms in memory-mapped files; a scrape, whichever process answers it, sums them all
(prometheus_client's multiprocess mode). It must be in the environment before prometheus_client
is imported, hence the library's own variable rather than a setting. Without it (tests, one
process) the default registry is served. The database gauges are read once per scrape either way.

Access: with PARTILHA_METRICS_TOKEN set, `Authorization: Bearer <token>` from anywhere;
without it, loopback clients only (a Prometheus on the same host, or `curl` on the server)."""

import hmac
import ipaddress
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from prometheus_client.registry import Collector
from sqlmodel import Session

from app.config import get_settings
from app.db import new_read_session, utcnow

log = logging.getLogger("partilha.metrics")
router = APIRouter()


@dataclass(frozen=True)
class Gauge:
    """One gauge family read from the database: its name, help text and label names."""

    name: str
    doc: str
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sample:
    """One value of a gauge, with its label values in the order the gauge names them."""

    gauge: Gauge
    value: float
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Backlog:
    """A queue's two gauges: how many items wait, and the age of the oldest (0: none)."""

    pending: Gauge
    age: Gauge

    @classmethod
    def of(cls, queue: str, pending: str, waiting: str) -> "Backlog":
        """`waiting` names what waits ("Mail messages still to send"); the age gauge of every
        backlog is `partilha_{queue}_oldest_pending_age_seconds`, with the same help."""
        oldest = f"Age of the oldest of the {waiting[0].lower()}{waiting[1:]} (0: none)"
        return cls(
            Gauge(pending, waiting),
            Gauge(f"partilha_{queue}_oldest_pending_age_seconds", oldest),
        )

    @property
    def gauges(self) -> tuple[Gauge, Gauge]:
        return (self.pending, self.age)

    def samples(self, pending: int, oldest: datetime | None) -> list[Sample]:
        age = max((utcnow() - oldest).total_seconds(), 0.0) if oldest is not None else 0.0
        return [Sample(self.pending, pending), Sample(self.age, age)]


# Reads the samples of its gauges in the scrape's read-only session.
GaugeSource = Callable[[Session], Iterable[Sample]]

DATABASE_UP = Gauge("partilha_database_up", "1 when the database answered this scrape, else 0")


@dataclass(frozen=True)
class _Source:
    gauges: tuple[Gauge, ...]
    read: GaugeSource


_sources: dict[str, _Source] = {}


def register_gauges(name: str, gauges: Sequence[Gauge], read: GaugeSource) -> None:
    """Expose `gauges`, read by `read` at every scrape (registering `name` again replaces it).
    Families appear in the order they were registered."""
    _sources[name] = _Source(tuple(gauges), read)


def _families() -> dict[str, GaugeMetricFamily]:
    gauges = [DATABASE_UP, *(g for source in _sources.values() for g in source.gauges)]
    return {g.name: GaugeMetricFamily(g.name, g.doc, labels=list(g.labels)) for g in gauges}


def _read(session: Session, families: dict[str, GaugeMetricFamily]) -> None:
    for source in _sources.values():
        for sample in source.read(session):
            families[sample.gauge.name].add_metric(list(sample.labels), sample.value)


class DatabaseCollector(Collector):
    def describe(self) -> Iterable[GaugeMetricFamily]:
        return _families().values()  # names only: registering must not touch the database

    def collect(self) -> Iterator[GaugeMetricFamily]:
        families = _families()
        up = families[DATABASE_UP.name]
        try:
            with new_read_session() as session:
                _read(session, families)
        except Exception:  # any failure: report the database as down
            log.warning("metrics: the database could not be read", exc_info=True)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield from families.values()


DATABASE = DatabaseCollector()
REGISTRY.register(DATABASE)


def multiprocess_dir() -> str | None:
    """The folder the worker processes share their metrics in, when there are several."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


@lru_cache(maxsize=1)
def scrape_registry() -> CollectorRegistry:
    """What /metrics serves: every process's counters and histograms in multiprocess mode
    (this process's own samples are in the files too), else the default registry."""
    if multiprocess_dir() is None:
        return REGISTRY
    registry = CollectorRegistry()
    MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    registry.register(DATABASE)
    return registry


def process_exits() -> None:
    """Called as a worker stops: its live gauges leave the shared folder (its counters and
    histograms stay, so the sums never go down)."""
    if multiprocess_dir() is not None:
        mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


def _allowed(request: Request) -> None:
    token = get_settings().metrics_token
    if token:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(
                401, "a valid metrics token is required", {"WWW-Authenticate": "Bearer"}
            )
        return
    host = request.client.host if request.client else ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise HTTPException(
            403,
            "metrics are served to loopback clients only; "
            "set PARTILHA_METRICS_TOKEN to scrape them from elsewhere",
        )


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    _allowed(request)
    return Response(generate_latest(scrape_registry()), media_type=CONTENT_TYPE_LATEST)
