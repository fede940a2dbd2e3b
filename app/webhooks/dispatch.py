"""One pass of the webhook dispatcher.

Fan-out: outbox rows after the dispatcher's own position, read in commit-safe order
(app/outbox/feed.py, the same reader as the change feed), become one delivery per matching
subscription; the deliveries and the new position are written in one transaction, so an
event is fanned out exactly once and never lost. The outbox's processed_at belongs to the
search worker and is never touched here.

Sending: due deliveries are claimed (the attempt counted, hidden for a while), POSTed with a
signature to an address checked at that moment (app/webhooks/urls.py, sending.py), and
recorded: delivered on 2xx; a destination refused by the check fails at once (trying it again
would only knock on the same door); otherwise retried with exponential backoff until
webhook_max_attempts, then failed. Delivery is at least once: receivers dedupe on event_id."""

import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.config import Settings
from app.core import logs
from app.core.polling import PassReport, report
from app.db import utcnow
from app.outbox import feed
from app.outbox.models import OutboxEvent
from app.webhooks import payloads, sending, signing, urls
from app.webhooks import repository as repo
from app.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEvent, WebhookSubscription

log = logging.getLogger("partilha.webhooks")

CURSOR = repo.CURSOR
FAN_OUT_BATCH = 200
SKIP_BATCH = 5_000  # positions only, when nobody subscribes
SEND_BATCH = 50
CLAIM_S = 120.0
MAX_BACKOFF_S = 3600.0
KINDS = tuple(e.value for e in WebhookEvent)


@dataclass
class PassResult(PassReport, log_key="webhooks"):
    events: int = 0
    deliveries: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0

    def line(self) -> str | None:
        # Ids and counts only: a subscription's URL may carry the partner's token.
        worth = self.deliveries or self.delivered or self.retrying or self.failed
        counts = f"{self.delivered} delivered, {self.retrying} to retry, {self.failed} failed"
        return f"webhook pass: {counts}" if worth else None


def backoff(attempts: int, base_s: float) -> timedelta:
    return timedelta(seconds=min(base_s * 2 ** max(attempts - 1, 0), MAX_BACKOFF_S))


def _hears(sub: WebhookSubscription, event: OutboxEvent) -> bool:
    # A subscription hears what happens after it was created, not the outbox's past.
    return event.kind in sub.events and event.created_at >= sub.created_at


def _rows(
    session: Session, events: list[OutboxEvent], subscriptions: list[WebhookSubscription]
) -> list[dict[str, Any]]:
    heard = [e for e in events if any(_hears(sub, e) for sub in subscriptions)]
    if not heard:
        return []  # describing costs every municipality's name (bench/load.py: ~10% of the app)
    items = payloads.bodies(session, heard)
    rows: list[dict[str, Any]] = []
    for event in heard:
        body = json.dumps(items[event.id or 0], ensure_ascii=False)
        for sub in subscriptions:
            if _hears(sub, event):
                rows.append(
                    {
                        "subscription_id": sub.id,
                        "outbox_event_id": event.id,
                        "event": event.kind,
                        "entity_type": event.entity_type,
                        "entity_id": event.entity_id,
                        "body": body,
                        "status": DeliveryStatus.pending,
                        "attempts": 0,
                        "next_attempt_at": utcnow(),
                        "attempt_log": [],
                        "created_at": utcnow(),
                    }
                )
    return rows


def fan_out(engine: Engine) -> tuple[int, int]:
    """Turn the next batch of outbox rows into deliveries: (events read, deliveries added).
    With no subscription at all the position moves on without loading the rows (a
    subscription never hears the past): after bench/search.py seeded 20,000 events, reading
    them as rows had held the GIL ~12% of the time while the searches were timed."""
    with Session(engine) as session:
        below = feed.horizon(session)  # before any lock: our own transaction id stays out of it
        cursor = repo.lock_cursor(session, CURSOR)
        after = feed.resumable(session, feed.Position(cursor.txid, cursor.event_id))
        subscriptions = repo.list_subscriptions(session, None)
        if subscriptions:
            events = feed.committed_after(session, after, KINDS, FAN_OUT_BATCH, below)
            rows = _rows(session, events, subscriptions)
            positions = [feed.Position.of(e) for e in events]
        else:
            rows, positions = [], feed.positions_after(session, after, KINDS, SKIP_BATCH, below)
        if not positions:
            session.rollback()
            return 0, 0
        repo.add_deliveries(session, rows)
        last = positions[-1]
        cursor.txid, cursor.event_id, cursor.updated_at = last.txid, last.event_id, utcnow()
        session.add(cursor)
        session.commit()
        return len(positions), len(rows)


def _post(
    sub: WebhookSubscription, delivery: WebhookDelivery, settings: Settings
) -> tuple[int | None, str | None, bool]:
    """(status code, error, refused): a refused destination is not tried again."""
    try:
        destination = urls.destination(sub.url, sub.allow_private)
    except urls.Refused as exc:
        return None, f"refused: {exc}"[:500], True
    except urls.Unresolved as exc:
        return None, str(exc)[:500], False
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Partilha-Webhooks/1",
        "X-Partilha-Event": delivery.event,
        "X-Partilha-Delivery": str(delivery.id),
        signing.HEADER: signing.signature(sub.secret, int(time.time()), body),
    }
    timeout = httpx.Timeout(settings.webhook_timeout_s, connect=min(settings.webhook_timeout_s, 3))
    try:
        response = sending.post(destination, body, headers, timeout)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500], False
    if 200 <= response.status_code < 300:
        return response.status_code, None, False
    return response.status_code, f"the receiver answered {response.status_code}", False


def _outcome(
    delivery: WebhookDelivery,
    code: int | None,
    error: str | None,
    refused: bool,
    started: float,
    now: datetime,
    settings: Settings,
) -> dict[str, Any]:
    attempts = delivery.attempts + 1
    entry = {
        "at": now.isoformat(),
        "status_code": code,
        "error": error,
        "duration_ms": int((time.monotonic() - started) * 1000),
    }
    values = {
        "last_attempt_at": now,
        "last_status_code": code,
        "last_error": error,
        "attempt_log": [*delivery.attempt_log, entry][-settings.webhook_max_attempts :],
    }
    if error is None:
        return {**values, "status": DeliveryStatus.delivered, "delivered_at": now}
    if refused or attempts >= settings.webhook_max_attempts:
        return {**values, "status": DeliveryStatus.failed}
    retry_at = now + backoff(attempts, settings.webhook_retry_base_s)
    return {**values, "next_attempt_at": retry_at}


def _send_one(
    engine: Engine, delivery: WebhookDelivery, now: datetime, settings: Settings
) -> DeliveryStatus | None:
    with Session(engine, expire_on_commit=False) as session:
        sub = repo.get_subscription(session, delivery.subscription_id)
        claimed = sub is not None and repo.claim(
            session, delivery, now + timedelta(seconds=CLAIM_S)
        )
        session.commit()
    if not claimed or sub is None:
        return None
    started = time.monotonic()
    code, error, refused = _post(sub, delivery, settings)
    values = _outcome(delivery, code, error, refused, started, now, settings)
    with Session(engine) as session:
        repo.record(session, delivery.id or 0, values)
        session.commit()
    return values.get("status", DeliveryStatus.pending)


def send_due(engine: Engine, settings: Settings, now: datetime | None = None) -> PassResult:
    """POST every due delivery once (the next attempts wait for their backoff)."""
    now = now or utcnow()
    with Session(engine, expire_on_commit=False) as session:
        due = repo.due_deliveries(session, now, SEND_BATCH)
        session.commit()  # keeps the rows loaded; ends the (SQLite: write-locking) transaction
    result = PassResult()
    for delivery in due:
        status = _send_one(engine, delivery, now, settings)
        if status == DeliveryStatus.delivered:
            result.delivered += 1
        elif status == DeliveryStatus.failed:
            result.failed += 1
        elif status == DeliveryStatus.pending:
            result.retrying += 1
    return result


def dispatch_once(engine: Engine, settings: Settings, now: datetime | None = None) -> PassResult:
    """Fan out everything new, then send what is due (tests call this directly)."""
    with logs.task_id("webhooks-"):  # the id of this pass's log lines
        events = deliveries = 0
        while True:
            read, added = fan_out(engine)
            events, deliveries = events + read, deliveries + added
            if read < FAN_OUT_BATCH:
                break
        result = send_due(engine, settings, now)
        result.events, result.deliveries = events, deliveries
        if result.failed:
            log.warning("%d webhook deliveries failed for good", result.failed)
        report(log, result)
        return result
