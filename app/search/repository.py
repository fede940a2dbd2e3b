"""Queries of the search projection: the outbox rows it follows, the worker lease and the
servers' delivery cursors. The queries that build documents belong to the domains that declare
them."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, insert, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from app.outbox.models import OutboxEvent
from app.search.models import SearchServerCursor, ServerState, WorkerLease

# --- outbox -----------------------------------------------------------------------------


def _due(types: Iterable[str], now: datetime, ignore_backoff: bool) -> list[Any]:
    where: list[Any] = [
        col(OutboxEvent.processed_at).is_(None),
        col(OutboxEvent.entity_type).in_(types),
    ]
    if not ignore_backoff:
        where.append(col(OutboxEvent.next_attempt_at) <= now)
    return where


def due_events(
    session: Session,
    types: Iterable[str],
    now: datetime,
    limit: int,
    ignore_backoff: bool,
    bulk: bool | None = None,
) -> list[OutboxEvent]:
    """Due events in id order: of one lane (bulk true/false) or of both (None)."""
    query = select(OutboxEvent).where(*_due(list(types), now, ignore_backoff))
    if bulk is not None:
        query = query.where(col(OutboxEvent.bulk).is_(bulk))
    return list(session.exec(query.order_by(col(OutboxEvent.id)).limit(limit)))


def due_bulk_events(
    session: Session, types: Iterable[str], now: datetime, entities: int, ignore_backoff: bool
) -> list[OutboxEvent]:
    """The bulk lane's next slice, coalesced: every due bulk event of the first `entities`
    entities waiting (an import that reported one municipality 18 times sends it once)."""
    types = list(types)
    head = due_events(session, types, now, entities, ignore_backoff, bulk=True)
    by_type: dict[str, set[int]] = {}
    for event in head:
        by_type.setdefault(event.entity_type, set()).add(event.entity_id)
    if not by_type:
        return []
    same_entity = or_(
        *(
            and_(col(OutboxEvent.entity_type) == name, col(OutboxEvent.entity_id).in_(ids))
            for name, ids in by_type.items()
        )
    )
    query = select(OutboxEvent).where(
        *_due(types, now, ignore_backoff), col(OutboxEvent.bulk).is_(True), same_entity
    )
    return list(session.exec(query.order_by(col(OutboxEvent.id))))


def mark_processed(session: Session, ids: list[int], now: datetime) -> None:
    for start in range(0, len(ids), 500):
        session.execute(
            update(OutboxEvent)
            .where(col(OutboxEvent.id).in_(ids[start : start + 500]))
            .values(processed_at=now, last_error=None)
            .execution_options(synchronize_session=False)
        )


def hold(session: Session, ids: list[int], until: datetime) -> None:
    """Keep events a pipelined pass has sent from being planned again until `until` (their
    marks come when Meilisearch has applied them; a holder that dies leaves them due then)."""
    for start in range(0, len(ids), 500):
        session.execute(
            update(OutboxEvent)
            .where(col(OutboxEvent.id).in_(ids[start : start + 500]))
            .values(next_attempt_at=until)
            .execution_options(synchronize_session=False)
        )


def mark_failed(
    session: Session, event_id: int, attempts: int, retry_at: datetime, error: str
) -> None:
    session.execute(
        update(OutboxEvent)
        .where(col(OutboxEvent.id) == event_id, col(OutboxEvent.processed_at).is_(None))
        .values(attempts=attempts, next_attempt_at=retry_at, last_error=error[:2000])
        .execution_options(synchronize_session=False)
    )


def backlog(session: Session, types: Iterable[str]) -> tuple[int, datetime | None]:
    count, oldest = session.exec(
        select(func.count(), func.min(OutboxEvent.created_at)).where(
            col(OutboxEvent.processed_at).is_(None), col(OutboxEvent.entity_type).in_(list(types))
        )
    ).one()
    return int(count), oldest


# --- lease ------------------------------------------------------------------------------


def claim_lease(session: Session, name: str, holder: str, ttl_s: float, now: datetime) -> bool:
    """Take or renew the lease if it is free, expired or already ours; the caller commits."""
    expires = now + timedelta(seconds=ttl_s)
    result = session.execute(
        update(WorkerLease)
        .where(
            col(WorkerLease.name) == name,
            (col(WorkerLease.holder) == holder) | (col(WorkerLease.expires_at) < now),
        )
        .values(holder=holder, expires_at=expires)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:  # type: ignore[attr-defined]
        return True
    try:
        with session.begin_nested():
            session.execute(
                insert(WorkerLease).values(name=name, holder=holder, expires_at=expires)
            )
    except IntegrityError:
        return False  # someone else holds a live lease
    return True


def extend_lease(session: Session, name: str, holder: str, ttl_s: float, now: datetime) -> bool:
    """Push back the expiry of a lease `holder` still holds (never take one back that lapsed or
    was released); the caller commits."""
    result = session.execute(
        update(WorkerLease)
        .where(
            col(WorkerLease.name) == name,
            col(WorkerLease.holder) == holder,
            col(WorkerLease.expires_at) >= now,
        )
        .values(expires_at=now + timedelta(seconds=ttl_s))
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def release_lease(session: Session, name: str, holder: str, now: datetime) -> None:
    session.execute(
        update(WorkerLease)
        .where(col(WorkerLease.name) == name, col(WorkerLease.holder) == holder)
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )


# --- servers' delivery cursors -------------------------------------------------------------


def cursors(session: Session) -> dict[str, SearchServerCursor]:
    return {row.server: row for row in session.exec(select(SearchServerCursor))}


def frontier(session: Session, types: Iterable[str]) -> int:
    """The largest event id such that every search event up to it is processed."""
    types = list(types)
    waiting = session.exec(
        select(func.min(OutboxEvent.id)).where(
            col(OutboxEvent.processed_at).is_(None), col(OutboxEvent.entity_type).in_(types)
        )
    ).one()
    if waiting is not None:
        return int(waiting) - 1
    last = session.exec(
        select(func.max(OutboxEvent.id)).where(col(OutboxEvent.entity_type).in_(types))
    ).one()
    return int(last or 0)


def add_cursor(session: Session, row: SearchServerCursor) -> None:
    """A server's first row (another process may have written it first: then nothing)."""
    try:
        with session.begin_nested():
            session.execute(insert(SearchServerCursor).values(**row.model_dump()))
    except IntegrityError:
        pass


def set_cursor(session: Session, server: str, now: datetime, **values: Any) -> None:
    session.execute(
        update(SearchServerCursor)
        .where(col(SearchServerCursor.server) == server)
        .values(updated_at=now, **values)
        .execution_options(synchronize_session=False)
    )


def fall_behind(session: Session, servers: list[str], replay_at: datetime, now: datetime) -> None:
    """In-sync servers that missed a pass: replay everything processed from `replay_at` on."""
    session.execute(
        update(SearchServerCursor)
        .where(
            col(SearchServerCursor.server).in_(servers),
            col(SearchServerCursor.state) == ServerState.in_sync,
        )
        .values(state=ServerState.behind, replay_at=replay_at, replay_id=0, updated_at=now)
        .execution_options(synchronize_session=False)
    )


def advance_in_sync(session: Session, through: int, now: datetime) -> None:
    session.execute(
        update(SearchServerCursor)
        .where(
            col(SearchServerCursor.state) == ServerState.in_sync,
            col(SearchServerCursor.delivered_through) < through,
        )
        .values(delivered_through=through, updated_at=now)
        .execution_options(synchronize_session=False)
    )


def _replayed_after(at: datetime, after_id: int) -> Any:
    processed = col(OutboxEvent.processed_at)
    return or_(processed > at, and_(processed == at, col(OutboxEvent.id) > after_id))


def replay_events(
    session: Session, types: Iterable[str], at: datetime, after_id: int, limit: int
) -> list[OutboxEvent]:
    """Processed events after (at, after_id), in the order they were processed."""
    query = select(OutboxEvent).where(
        col(OutboxEvent.entity_type).in_(list(types)), _replayed_after(at, after_id)
    )
    order = (col(OutboxEvent.processed_at), col(OutboxEvent.id))
    return list(session.exec(query.order_by(*order).limit(limit)))


def replay_count(session: Session, types: Iterable[str], at: datetime, after_id: int) -> int:
    query = select(func.count()).where(
        col(OutboxEvent.entity_type).in_(list(types)), _replayed_after(at, after_id)
    )
    return int(session.exec(query).one())
