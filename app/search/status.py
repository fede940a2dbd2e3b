"""Outbox backlog for /readyz and /metrics (registered with app.core at assembly)."""

from typing import Any

from sqlmodel import Session

from app.core.metrics import Backlog, Gauge, Sample
from app.db import utcnow
from app.search import repository as repo
from app.search.specs import followed_types


def _backlog(session: Session) -> tuple[int, float | None]:
    pending, oldest = repo.backlog(session, followed_types())
    return pending, (utcnow() - oldest).total_seconds() if oldest is not None else None


def outbox_backlog(session: Session) -> dict[str, Any]:
    """Events the search index has not followed yet, and how old the oldest one is."""
    pending, age = _backlog(session)
    return {"pending": pending, "oldest_age_s": round(age, 1) if age is not None else None}


OUTBOX = Backlog(
    Gauge("partilha_outbox_pending_events", "Outbox events not yet in the search index"),
    Gauge(
        "partilha_outbox_oldest_pending_age_seconds",
        "Age of the oldest outbox event not yet in the search index (0: none)",
    ),
)
OUTBOX_GAUGES = OUTBOX.gauges


def outbox_samples(session: Session) -> list[Sample]:
    """The backlog as /metrics exposes it (registered at assembly)."""
    pending, oldest = repo.backlog(session, followed_types())
    return OUTBOX.samples(pending, oldest)  # not rounded: a scrape right after a change sees it
