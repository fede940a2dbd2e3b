"""Queries of webhooks: subscriptions, deliveries and the dispatcher's outbox position."""

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from app.core.claims import backlog, claim_attempt, record_attempt
from app.db import page, where_given
from app.webhooks.models import DeliveryStatus, WebhookCursor, WebhookDelivery, WebhookSubscription

# --- subscriptions -----------------------------------------------------------------------


def get_subscription(session: Session, subscription_id: int) -> WebhookSubscription | None:
    return session.get(WebhookSubscription, subscription_id)


def list_subscriptions(session: Session, owner_id: int | None) -> list[WebhookSubscription]:
    query = where_given(select(WebhookSubscription), (WebhookSubscription.owner_id, owner_id))
    return list(session.exec(query.order_by(col(WebhookSubscription.id))))


def count_for_owner(session: Session, owner_id: int) -> int:
    query = select(func.count()).where(WebhookSubscription.owner_id == owner_id)
    return int(session.exec(query).one())


def delete_subscription(session: Session, subscription_id: int) -> None:
    session.execute(
        delete(WebhookDelivery).where(col(WebhookDelivery.subscription_id) == subscription_id)
    )
    session.execute(
        delete(WebhookSubscription).where(col(WebhookSubscription.id) == subscription_id)
    )


# --- fan-out -----------------------------------------------------------------------------

CURSOR = "webhooks"  # the dispatcher's row in webhook_cursor


def lock_cursor(session: Session, name: str) -> WebhookCursor:
    """The dispatcher's position, locked until commit (PostgreSQL: FOR UPDATE; SQLite: every
    transaction already holds the write lock)."""
    query = select(WebhookCursor).where(WebhookCursor.name == name).with_for_update()
    cursor = session.exec(query).first()
    if cursor is not None:
        return cursor
    try:
        with session.begin_nested():
            session.execute(insert(WebhookCursor).values(name=name, txid=0, event_id=0))
    except IntegrityError:
        pass  # another process created it first
    return session.exec(query.execution_options(populate_existing=True)).one()


def add_deliveries(session: Session, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 500):
        session.execute(insert(WebhookDelivery), rows[start : start + 500])


# --- sending -----------------------------------------------------------------------------


def due_deliveries(session: Session, now: datetime, limit: int) -> list[WebhookDelivery]:
    query = (
        select(WebhookDelivery)
        .where(
            WebhookDelivery.status == DeliveryStatus.pending,
            col(WebhookDelivery.next_attempt_at) <= now,
        )
        .order_by(col(WebhookDelivery.id))
        .limit(limit)
    )
    return list(session.exec(query))


def pending_backlog(session: Session) -> tuple[int, datetime | None]:
    """Deliveries not yet delivered nor given up, and when the oldest one was created."""
    return backlog(session, WebhookDelivery, DeliveryStatus.pending)


def claim(session: Session, delivery: WebhookDelivery, until: datetime) -> bool:
    """Count the attempt and hide the delivery from other dispatchers until `until`;
    False when another one claimed it first."""
    row_id, pending = delivery.id or 0, DeliveryStatus.pending
    return claim_attempt(session, WebhookDelivery, row_id, delivery.attempts, pending, until)


def record(session: Session, delivery_id: int, values: dict[str, Any]) -> None:
    record_attempt(session, WebhookDelivery, delivery_id, values)


def deliveries_page(
    session: Session, subscription_id: int, status: DeliveryStatus | None, limit: int, offset: int
) -> tuple[list[WebhookDelivery], int]:
    query = where_given(
        select(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription_id),
        (WebhookDelivery.status, status),
    )
    return page(session, query, col(WebhookDelivery.id).desc(), limit=limit, offset=offset)
