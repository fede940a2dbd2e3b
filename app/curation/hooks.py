"""What the engine tells the layers above after each transition (submit, claim, decisions,
withdrawal), inside the same transaction: a listener writes what must follow the change, such
as the mail to the item's authors (app/notifications), and the caller's one commit keeps both
or neither. Listeners are registered at assembly; the engine names none of them."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.curation.kinds import CuratedKind
from app.curation.models import CurationEvent


@dataclass(frozen=True)
class Transition:
    kind: CuratedKind
    subject: Any  # the item (a CuratedBase row of the kind)
    event: CurationEvent  # action, from/to status, reason, actor, revision judged


Listener = Callable[[Session, Transition], None]
_listeners: list[Listener] = []


def listen(listener: Listener) -> None:
    """Call `listener` after every transition; registering it again changes nothing."""
    if listener not in _listeners:
        _listeners.append(listener)


def emit(session: Session, kind: CuratedKind, subject: Any, event: CurationEvent) -> None:
    session.flush()  # the listener reads the event's id and the item's new state
    for listener in _listeners:
        listener(session, Transition(kind, subject, event))
