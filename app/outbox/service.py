"""Writing outbox events. Callers commit: the event lands with the change or not at all.

On PostgreSQL each writing transaction also sends NOTIFY on CHANNEL, delivered at its commit
(never for a rollback; one per transaction however many rows): the search worker of every app
process LISTENs and wakes at once instead of waiting for its next poll."""

from collections.abc import Iterable

from sqlalchemy import event, insert, text
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from app.db import utcnow
from app.outbox.models import OutboxEvent

CHANNEL = "partilha_outbox"
_PENDING = "partilha_outbox_notify"


def _notify(session: Session) -> None:
    session.info[_PENDING] = True  # sent once, just before the commit (below)


@event.listens_for(OrmSession, "before_commit")
def _send_notify(session: OrmSession) -> None:
    if session.info.pop(_PENDING, False) and session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"NOTIFY {CHANNEL}"))  # delivered when this transaction commits


@event.listens_for(OrmSession, "after_rollback")
def _forget_notify(session: OrmSession) -> None:
    session.info.pop(_PENDING, None)


def enqueue(session: Session, entity_type: str, entity_id: int, kind: str) -> None:
    session.add(OutboxEvent(entity_type=entity_type, entity_id=entity_id, kind=kind))
    _notify(session)


def enqueue_many(session: Session, entity_type: str, entity_ids: Iterable[int], kind: str) -> None:
    """`enqueue` for thousands of entities (bulk imports): one executemany, no ORM objects.
    The events go to the bulk lane: the search worker serves interactive events first."""
    now = utcnow()
    rows = [
        {
            "entity_type": entity_type,
            "entity_id": entity_id,
            "kind": kind,
            "created_at": now,
            "attempts": 0,
            "next_attempt_at": now,
            "bulk": True,
        }
        for entity_id in entity_ids
    ]
    if rows:
        table = OutboxEvent.__table__  # type: ignore[attr-defined]
        session.connection().execute(insert(table), rows)
        _notify(session)
