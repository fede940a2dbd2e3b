"""The change feed: outbox rows read in commit-safe order (app/outbox/feed.py), each described
as created / updated / archived with the entity's current public row or a tombstone.
The webhook dispatcher describes its events with the same function."""

import base64
import binascii
from typing import Any

from sqlmodel import Session

from app.errors import InvalidInput
from app.municipalities.service import freshness_policy, today
from app.opendata import repository as repo
from app.opendata import rows
from app.opendata.models import ChangeItem, ChangeKind, ChangePage, EntityName
from app.outbox import feed
from app.outbox.models import OutboxEvent

PUBLISHED = ("practice.published", "policy.published")
KINDS = (*PUBLISHED, "practice.archived", "policy.archived", "capacity.reported")
ENTITY: dict[str, EntityName] = {
    "practice": "practice",
    "policy": "policy",
    "municipality": "municipality",
}
MAX_LIMIT = 1000


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
    if txid < 0 or event_id < 0:
        raise InvalidInput.field(
            ["query", "since"], "not a cursor given by this feed", "invalid_cursor"
        )
    return feed.Position(txid, event_id)


def _current(session: Session, events: list[OutboxEvent]) -> dict[tuple[str, int], dict[str, Any]]:
    """The public row of every entity named by these events (absent: not public any more)."""
    ids: dict[str, list[int]] = {"practice": [], "policy": [], "municipality": []}
    for event in events:
        ids[event.entity_type].append(event.entity_id)
    names = repo.municipality_names(session) if ids["practice"] or ids["policy"] else {}
    found: dict[tuple[str, int], dict[str, Any]] = {}
    for row in repo.practices_by_ids(session, ids["practice"]) if ids["practice"] else []:
        found[("practice", row.id)] = rows.practice(row, names)
    for row in repo.policies_by_ids(session, ids["policy"]) if ids["policy"] else []:
        found[("policy", row.id)] = rows.policy(row, names)
    if ids["municipality"]:
        freshness, now = freshness_policy(), today()
        for row in repo.municipalities_by_codes(session, ids["municipality"]):
            found[("municipality", row.ibge_code)] = rows.municipality(row, freshness, now)
    return found


def _change(event: OutboxEvent, first: dict[str, dict[int, int]]) -> ChangeKind:
    if event.kind.endswith(".archived"):
        return "archived"
    if event.kind in PUBLISHED and first[event.kind].get(event.entity_id) == event.id:
        return "created"
    return "updated"


def describe(session: Session, events: list[OutboxEvent]) -> list[ChangeItem]:
    """Feed items for these outbox rows: what changed and the entity as the public sees it now."""
    current = _current(session, events)
    first = {
        kind: repo.first_events(session, kind, [e.entity_id for e in events if e.kind == kind])
        for kind in PUBLISHED
    }
    items = []
    for event in events:
        entity = ENTITY[event.entity_type]
        change = _change(event, first)
        data = None if change == "archived" else current.get((entity, event.entity_id))
        items.append(
            ChangeItem(
                cursor=encode_cursor(feed.Position.of(event)),
                event_id=event.id or 0,
                event=event.kind,
                entity=entity,
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
    events = feed.read_after(session, position, KINDS, limit + 1)
    page, has_more = events[:limit], len(events) > limit
    items = describe(session, page)
    next_cursor = items[-1].cursor if items else encode_cursor(position)
    return ChangePage(items=items, next_cursor=next_cursor, has_more=has_more)
