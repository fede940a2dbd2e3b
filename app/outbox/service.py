"""Writing outbox events. Callers commit: the event lands with the change or not at all."""

from collections.abc import Iterable

from sqlalchemy import insert
from sqlmodel import Session

from app.db import utcnow
from app.outbox.models import OutboxEvent


def enqueue(session: Session, entity_type: str, entity_id: int, kind: str) -> None:
    session.add(OutboxEvent(entity_type=entity_type, entity_id=entity_id, kind=kind))


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
