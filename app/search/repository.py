"""Queries of the search projection: outbox rows, the worker lease, and the public state
that documents are built from. Only reads and writes the database."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from app.accounts.models import Organisation
from app.municipalities.models import Municipality, State
from app.outbox.models import OutboxEvent
from app.policies.models import Policy, PolicyRevision
from app.practices.models import Practice, PracticeRevision
from app.search.models import WorkerLease

# --- outbox -----------------------------------------------------------------------------


def due_events(
    session: Session, types: Iterable[str], now: datetime, limit: int, ignore_backoff: bool
) -> list[OutboxEvent]:
    query = select(OutboxEvent).where(
        col(OutboxEvent.processed_at).is_(None), col(OutboxEvent.entity_type).in_(list(types))
    )
    if not ignore_backoff:
        query = query.where(col(OutboxEvent.next_attempt_at) <= now)
    return list(session.exec(query.order_by(col(OutboxEvent.id)).limit(limit)))


def mark_processed(session: Session, ids: list[int], now: datetime) -> None:
    for start in range(0, len(ids), 500):
        session.execute(
            update(OutboxEvent)
            .where(col(OutboxEvent.id).in_(ids[start : start + 500]))
            .values(processed_at=now, last_error=None)
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


def release_lease(session: Session, name: str, holder: str, now: datetime) -> None:
    session.execute(
        update(WorkerLease)
        .where(col(WorkerLease.name) == name, col(WorkerLease.holder) == holder)
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )


# --- public state -----------------------------------------------------------------------


def practices(session: Session, ids: Iterable[int]) -> list[Practice]:
    ids = list(ids)
    return list(session.exec(select(Practice).where(col(Practice.id).in_(ids)))) if ids else []


def revisions(session: Session, ids: Iterable[int]) -> dict[int, PracticeRevision]:
    ids = list(ids)
    if not ids:
        return {}
    rows = session.exec(select(PracticeRevision).where(col(PracticeRevision.id).in_(ids)))
    return {r.id or 0: r for r in rows}


def organisations(session: Session, ids: Iterable[int]) -> dict[int, Organisation]:
    ids = list(set(ids))
    if not ids:
        return {}
    return {
        o.id or 0: o
        for o in session.exec(select(Organisation).where(col(Organisation.id).in_(ids)))
    }


def municipalities(session: Session, codes: Iterable[int]) -> dict[int, Municipality]:
    codes = list(set(codes))
    if not codes:
        return {}
    rows = session.exec(select(Municipality).where(col(Municipality.ibge_code).in_(codes)))
    return {m.ibge_code: m for m in rows}


def states(session: Session) -> dict[str, State]:
    return {s.uf: s for s in session.exec(select(State))}


def _published() -> list[object]:
    return [col(Practice.published_revision_id).is_not(None), col(Practice.archived_at).is_(None)]


def published_practice_ids(session: Session, after: int, limit: int) -> list[int]:
    """Keyset pages of public practice ids, for full loads."""
    rows = session.exec(
        select(Practice.id)
        .where(*_published(), col(Practice.id) > after)  # type: ignore[arg-type]
        .order_by(col(Practice.id))
        .limit(limit)
    )
    return [r for r in rows if r is not None]


def practice_ids_of_organisation(session: Session, organisation_id: int) -> list[int]:
    rows = session.exec(
        select(Practice.id).where(
            Practice.organisation_id == organisation_id,
            col(Practice.published_revision_id).is_not(None),
        )
    )
    return [r for r in rows if r is not None]


def practice_ids_naming_municipality(session: Session, code: int) -> list[int]:
    """Practices whose published revision names the municipality."""
    rows = session.exec(
        select(Practice.id)
        .join(PracticeRevision, col(PracticeRevision.id) == col(Practice.published_revision_id))
        .where(col(PracticeRevision.municipalities_key).contains(f"|{int(code)}|"))
    )
    return [r for r in rows if r is not None]


def municipality_codes(session: Session, after: int, limit: int) -> list[int]:
    rows = session.exec(
        select(Municipality.ibge_code)
        .where(col(Municipality.ibge_code) > after)
        .order_by(col(Municipality.ibge_code))
        .limit(limit)
    )
    return list(rows)


# --- policies -------------------------------------------------------------------------------


def policies(session: Session, ids: Iterable[int]) -> list[Policy]:
    ids = list(ids)
    return list(session.exec(select(Policy).where(col(Policy.id).in_(ids)))) if ids else []


def policy_revisions(session: Session, ids: Iterable[int]) -> dict[int, PolicyRevision]:
    ids = list(ids)
    if not ids:
        return {}
    rows = session.exec(select(PolicyRevision).where(col(PolicyRevision.id).in_(ids)))
    return {r.id or 0: r for r in rows}


def published_policy_ids(session: Session, after: int, limit: int) -> list[int]:
    """Keyset pages of public policy ids, for full loads."""
    rows = session.exec(
        select(Policy.id)
        .where(col(Policy.published_revision_id).is_not(None), col(Policy.archived_at).is_(None))
        .where(col(Policy.id) > after)
        .order_by(col(Policy.id))
        .limit(limit)
    )
    return [r for r in rows if r is not None]
