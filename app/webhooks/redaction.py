"""Stored deliveries follow a change that takes data out of public view (a withdrawn consent):
a pending delivery is described again from what is public now, so a retry never sends what
was withdrawn, and a delivery already sent or given up loses those fields in its stored body,
so the delivery log stops showing them. The caller names the fields and commits."""

import json
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, select

from app.outbox.models import OutboxEvent
from app.webhooks import payloads
from app.webhooks import repository as repo
from app.webhooks.models import DeliveryStatus, WebhookDelivery


def _scrubbed(body: str, fields: Iterable[str]) -> str:
    item: dict[str, Any] = json.loads(body)
    data = item.get("data")
    if isinstance(data, dict):
        item["data"] = {k: (None if k in fields else v) for k, v in data.items()}
    return json.dumps(item, ensure_ascii=False)


def redact_entity(session: Session, entity_type: str, entity_id: int, fields: set[str]) -> int:
    """Rebuild the entity's pending deliveries and scrub `fields` from the others; returns how
    many bodies changed."""
    # Held until commit: a fan-out in flight cannot store bodies it described before this.
    repo.lock_cursor(session, repo.CURSOR)
    query = select(WebhookDelivery).where(
        WebhookDelivery.entity_type == entity_type, WebhookDelivery.entity_id == entity_id
    )
    deliveries = list(session.exec(query))
    pending = [d for d in deliveries if d.status == DeliveryStatus.pending]
    event_ids = sorted({d.outbox_event_id for d in pending})
    events = list(session.exec(select(OutboxEvent).where(col(OutboxEvent.id).in_(event_ids))))
    rebuilt = payloads.bodies(session, events) if events else {}
    changed = 0
    for delivery in deliveries:
        if delivery.outbox_event_id in rebuilt:
            body = json.dumps(rebuilt[delivery.outbox_event_id], ensure_ascii=False)
        else:
            body = _scrubbed(delivery.body, fields)
        if body != delivery.body:
            delivery.body = body
            session.add(delivery)
            changed += 1
    return changed
