"""The change feed: outbox rows read in commit-safe order (app/outbox/feed.py), each described
as created / updated / archived with the entity's current public row or a tombstone.
The webhook dispatcher describes its events with the same function."""

import base64
import binascii
from typing import Any

from sqlmodel import Session

from app.errors import InvalidInput
from app.opendata import datasets
from app.opendata import repository as repo
from app.opendata.models import ChangeItem, ChangeKind, ChangePage
from app.outbox import feed
from app.outbox.models import OutboxEvent

MAX_LIMIT = 1000
MAX_POSITION = 2**63 - 1  # transaction and event ids are 64-bit integers in the database


def encode_cursor(position: feed.Position) -> str:
    raw = f"{position.txid}:{position.event_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> feed.Position:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        txid, event_id = (int(part) for part in raw.split(":"))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput.field(
            ["query", "since"], "not a cursor given by this feed", "invalid_cursor"
        ) from None
    if not (0 <= txid <= MAX_POSITION and 0 <= event_id <= MAX_POSITION):
        raise InvalidInput.field(
            ["query", "since"], "not a cursor given by this feed", "invalid_cursor"
        )
    return feed.Position(txid, event_id)


def kinds() -> tuple[str, ...]:
    """The outbox kinds the feed carries: every registered dataset's events."""
    return tuple(event for spec in datasets.feeds() for event in spec.events)


def _current(session: Session, events: list[OutboxEvent]) -> dict[tuple[str, int], dict[str, Any]]:
    """The public row of every entity named by these events (absent: not public any more)."""
    found: dict[tuple[str, int], dict[str, Any]] = {}
    for spec in datasets.feeds():
        ids = sorted({e.entity_id for e in events if e.entity_type == spec.entity})
        if ids:
            current = spec.current(session, ids)
            found.update({(spec.entity, key): row for key, row in current.items()})
    return found


def _first_events(session: Session, events: list[OutboxEvent]) -> dict[str, dict[int, int]]:
    """For each "created" event kind, the first outbox row of each entity named here."""
    creators = [spec.created_by for spec in datasets.feeds() if spec.created_by]
    return {
        kind: repo.first_events(session, kind, [e.entity_id for e in events if e.kind == kind])
        for kind in creators
    }


def _change(event: OutboxEvent, first: dict[str, dict[int, int]]) -> ChangeKind:
    if event.kind.endswith(".archived"):
        return "archived"
    if event.kind in first and first[event.kind].get(event.entity_id) == event.id:
        return "created"
    return "updated"


def describe(session: Session, events: list[OutboxEvent]) -> list[ChangeItem]:
    """Feed items for these outbox rows: what changed and the entity as the public sees it now."""
    current = _current(session, events)
    first = _first_events(session, events)
    items = []
    for event in events:
        change = _change(event, first)
        data = None if change == "archived" else current.get((event.entity_type, event.entity_id))
        items.append(
            ChangeItem(
                cursor=encode_cursor(feed.Position.of(event)),
                event_id=event.id or 0,
                event=event.kind,
                entity=event.entity_type,
                id=event.entity_id,
                change=change,
                occurred_at=event.created_at,
                data=data,
            )
        )
    return items


def changes(session: Session, since: str | None, limit: int) -> ChangePage:
    """Changes after the cursor, oldest first; never skips or repeats one across pages."""
    position = decode_cursor(since) if since else feed.START
    events = feed.read_after(session, position, kinds(), limit + 1)
    page, has_more = events[:limit], len(events) > limit
    items = describe(session, page)
    next_cursor = items[-1].cursor if items else encode_cursor(position)
    return ChangePage(items=items, next_cursor=next_cursor, has_more=has_more)
