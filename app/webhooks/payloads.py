"""What a delivery carries. The webhook machinery knows no entity: the domain that owns the
change feed registers how outbox events are described (app/assembly.py)."""

from collections.abc import Callable, Mapping
from typing import Any

from sqlmodel import Session

from app.core.slots import Slot
from app.outbox.models import OutboxEvent

# The JSON-ready body of each event's deliveries, by outbox event id.
Describer = Callable[[Session, list[OutboxEvent]], Mapping[int, Any]]

_describer: Slot[Describer] = Slot("webhook describer")
register = _describer.register


def bodies(session: Session, events: list[OutboxEvent]) -> Mapping[int, Any]:
    return _describer.get()(session, events)
