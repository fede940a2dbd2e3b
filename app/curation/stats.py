"""The curation queue in figures, per kind: how many items wait and for how long.
/metrics exposes them (registered at assembly: app/assembly.py)."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from app.core.metrics import Gauge, Sample
from app.curation import registry
from app.curation import repository as repo
from app.db import utcnow


@dataclass(frozen=True)
class QueueStats:
    kind: str  # the kind's name ("practice")
    size: int  # items waiting for curation
    oldest_wait_s: float | None  # how long the oldest one has waited; None: none waits


def _wait(oldest: datetime | None, now: datetime) -> float | None:
    return max((now - oldest).total_seconds(), 0.0) if oldest is not None else None


def queue_stats(session: Session) -> list[QueueStats]:
    """The queue's size and its oldest waiting time, for every kind."""
    now = utcnow()
    stats = []
    for kind in registry.kinds():
        _, size = repo.queue(session, kind, None, None, None, 0)
        stats.append(QueueStats(kind.name, size, _wait(repo.oldest_waiting(session, kind), now)))
    return stats


QUEUE_SIZE = Gauge("partilha_curation_queue_size", "Items waiting for curation, by kind", ("kind",))
QUEUE_AGE = Gauge(
    "partilha_curation_queue_oldest_age_seconds",
    "How long the oldest item in the curation queue has waited (0: none), by kind",
    ("kind",),
)
QUEUE_GAUGES = (QUEUE_SIZE, QUEUE_AGE)


def queue_samples(session: Session) -> list[Sample]:
    """The queue's figures as /metrics exposes them."""
    samples = []
    for stats in queue_stats(session):
        samples.append(Sample(QUEUE_SIZE, stats.size, (stats.kind,)))
        samples.append(Sample(QUEUE_AGE, stats.oldest_wait_s or 0.0, (stats.kind,)))
    return samples
