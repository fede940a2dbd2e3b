"""GET /metrics in the Prometheus text format.

Counters and histograms live in app.core.instruments; the backlogs below are read from the
database at scrape time, in one short read-only session. A database that cannot be read turns
`partilha_database_up` to 0 and leaves those gauges out: the scrape itself never fails.

Access: with PARTILHA_METRICS_TOKEN set, `Authorization: Bearer <token>` from anywhere;
without it, loopback clients only (a Prometheus on the same host, or `curl` on the server)."""

import hmac
import ipaddress
import logging
from collections.abc import Iterable, Iterator
from datetime import datetime

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlmodel import Session

from app.config import get_settings
from app.curation import repository as curation_repo
from app.curation.kinds import KINDS
from app.db import new_read_session, utcnow
from app.search.status import outbox_backlog
from app.webhooks import repository as webhooks_repo

log = logging.getLogger("partilha.metrics")
router = APIRouter()


def _age(oldest: datetime | None) -> float:
    return max((utcnow() - oldest).total_seconds(), 0.0) if oldest is not None else 0.0


def _families() -> dict[str, GaugeMetricFamily]:
    gauges = {
        "up": ("partilha_database_up", "1 when the database answered this scrape, else 0", []),
        "outbox": (
            "partilha_outbox_pending_events",
            "Outbox events not yet in the search index",
            [],
        ),
        "outbox_age": (
            "partilha_outbox_oldest_pending_age_seconds",
            "Age of the oldest outbox event not yet in the search index (0: none)",
            [],
        ),
        "queue": ("partilha_curation_queue_size", "Items waiting for curation, by kind", ["kind"]),
        "queue_age": (
            "partilha_curation_queue_oldest_age_seconds",
            "How long the oldest item in the curation queue has waited (0: none), by kind",
            ["kind"],
        ),
        "webhooks": ("partilha_webhook_deliveries_pending", "Webhook deliveries still to send", []),
        "webhooks_age": (
            "partilha_webhook_oldest_pending_age_seconds",
            "Age of the oldest webhook delivery still to send (0: none)",
            [],
        ),
    }
    return {
        k: GaugeMetricFamily(name, doc, labels=labels) for k, (name, doc, labels) in gauges.items()
    }


def _read(session: Session, families: dict[str, GaugeMetricFamily]) -> None:
    backlog = outbox_backlog(session)
    families["outbox"].add_metric([], backlog["pending"])
    families["outbox_age"].add_metric([], backlog["oldest_age_s"] or 0.0)
    for kind in KINDS.values():
        _, size = curation_repo.queue(session, kind, None, None, None, 0)
        families["queue"].add_metric([kind.type.value], size)
        families["queue_age"].add_metric(
            [kind.type.value], _age(curation_repo.oldest_waiting(session, kind))
        )
    pending, oldest = webhooks_repo.pending_backlog(session)
    families["webhooks"].add_metric([], pending)
    families["webhooks_age"].add_metric([], _age(oldest))


class DatabaseCollector(Collector):
    def describe(self) -> Iterable[GaugeMetricFamily]:
        return _families().values()  # names only: registering must not touch the database

    def collect(self) -> Iterator[GaugeMetricFamily]:
        families = _families()
        try:
            with new_read_session() as session:
                _read(session, families)
        except Exception:  # any failure: report the database as down
            log.warning("metrics: the database could not be read", exc_info=True)
            families["up"].add_metric([], 0)
            yield families["up"]
            return
        families["up"].add_metric([], 1)
        yield from families.values()


REGISTRY.register(DatabaseCollector())


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
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
