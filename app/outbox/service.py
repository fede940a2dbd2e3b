"""Writing outbox events. Callers commit: the event lands with the change or not at all."""

from sqlmodel import Session

from app.outbox.models import EntityType, OutboxEvent


def enqueue(session: Session, entity_type: EntityType, entity_id: int, kind: str) -> None:
    session.add(OutboxEvent(entity_type=entity_type, entity_id=entity_id, kind=kind))
