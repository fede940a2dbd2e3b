"""What a delivery carries. The webhook machinery knows no entity: the domain that owns the
change feed registers how outbox events are described (app/assembly.py)."""

from collections.abc import Callable, Mapping
from typing import Any

from sqlmodel import Session

from app.outbox.models import OutboxEvent

# The JSON-ready body of each event's deliveries, by outbox event id.
Describer = Callable[[Session, list[OutboxEvent]], Mapping[int, Any]]

_describer: Describer | None = None


def register(describer: Describer) -> None:
    global _describer
    _describer = describer


def bodies(session: Session, events: list[OutboxEvent]) -> Mapping[int, Any]:
    if _describer is None:
        raise RuntimeError(
            "no webhook describer registered: app.assembly.assemble() was not called"
        )
    return _describer(session, events)
