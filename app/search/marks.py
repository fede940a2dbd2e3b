"""Marking a pass's events, fenced by the lease like its writes: processed, or failed with an
exponential backoff and their last error (rows are never deleted); the servers' cursors settle
in the same transaction."""

from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.outbox.models import OutboxEvent
from app.search import replicas
from app.search import repository as repo
from app.search.lease import LEASE, LEASE_TTL_S

BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 300.0


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_BASE_S * 2 ** max(attempts - 1, 0), BACKOFF_CAP_S))


def record(
    engine: Engine,
    holder: str,
    events: list[OutboxEvent],
    failed: dict[int, str],
    now: datetime,
    feed: replicas.Feed | None = None,
) -> bool:
    """Mark the events, fenced like the writes: a holder whose lease lapsed (a pass that took
    longer than the lease) marks nothing, its successor has planned them again. False then."""
    with Session(engine) as session:
        if not repo.claim_lease(session, LEASE, holder, LEASE_TTL_S, now):
            session.rollback()
            return False
        repo.mark_processed(session, [e.id or 0 for e in events if e.id not in failed], now)
        for event in events:
            if event.id in failed:
                attempts = event.attempts + 1
                repo.mark_failed(
                    session, event.id or 0, attempts, now + backoff(attempts), failed[event.id]
                )
        if feed is not None:
            replicas.settle(session, feed, now)
        session.commit()
    return True
