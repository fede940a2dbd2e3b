"""Partner webhooks: subscriptions, the deliveries fanned out from the outbox, and the
dispatcher's position in the outbox."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import field_validator
from sqlalchemy import JSON, BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.db import str_enum, utcnow


class WebhookEvent(StrEnum):
    practice_published = "practice.published"
    practice_archived = "practice.archived"
    capacity_reported = "capacity.reported"
    policy_published = "policy.published"
    policy_archived = "policy.archived"
    replication_published = "replication.published"
    replication_archived = "replication.archived"
    # An approval published a new or changed translation (es, en, fr) of the item's text.
    practice_translated = "practice.translated"
    policy_translated = "policy.translated"
    replication_translated = "replication.translated"


class DeliveryStatus(StrEnum):
    pending = "pending"  # waiting for its first attempt or a retry
    delivered = "delivered"  # the receiver answered 2xx
    failed = "failed"  # every attempt failed; not retried any more


class WebhookSubscription(SQLModel, table=True):
    __tablename__ = "webhook_subscription"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user_account.id", index=True)
    url: str = Field(max_length=2000)
    events: list[str] = Field(sa_column=Column(JSON, nullable=False))
    description: str = Field(default="", max_length=200)
    # Signs every delivery (HMAC needs the secret itself, so it is stored, and shown only once).
    secret: str = Field(max_length=100)
    # Set only by admins: deliveries may go to loopback/private/link-local addresses.
    allow_private: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class WebhookDelivery(SQLModel, table=True):
    """One event for one subscription: its exact body (retries send the same bytes) and the
    outcome of every attempt. The partner reads these as the delivery log."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        UniqueConstraint("subscription_id", "outbox_event_id"),
        Index("ix_webhook_delivery_status_next", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="webhook_subscription.id", index=True)
    outbox_event_id: int = Field(foreign_key="outbox_event.id")
    event: str = Field(max_length=40)
    entity_type: str = Field(max_length=20)
    entity_id: int
    body: str = Field(sa_column=Column(Text, nullable=False))
    status: DeliveryStatus = Field(sa_type=str_enum(DeliveryStatus), default=DeliveryStatus.pending)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    last_attempt_at: datetime | None = None
    delivered_at: datetime | None = None
    last_status_code: int | None = None
    last_error: str | None = Field(default=None, max_length=500)
    attempt_log: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    created_at: datetime = Field(default_factory=utcnow)


class WebhookCursor(SQLModel, table=True):
    """The dispatcher's position in the outbox (app/outbox/feed.py): one row, locked while a
    pass fans events out, so two app processes never fan out the same event twice."""

    __tablename__ = "webhook_cursor"

    name: str = Field(primary_key=True, max_length=40)
    txid: int = Field(default=0, sa_type=BigInteger)
    event_id: int = 0
    updated_at: datetime = Field(default_factory=utcnow)


# --- API shapes -------------------------------------------------------------------------


class WebhookCreate(SQLModel):
    model_config = {"extra": "forbid"}

    url: str = Field(min_length=8, max_length=2000, description="http(s) URL that receives POSTs")
    events: list[WebhookEvent] = Field(min_length=1, max_length=len(WebhookEvent))
    description: str = Field(default="", max_length=200)
    allow_private: bool = Field(
        default=False, description="Admins only: allow loopback/private/link-local addresses"
    )

    @field_validator("events")
    @classmethod
    def _unique(cls, events: list[WebhookEvent]) -> list[WebhookEvent]:
        return sorted(set(events), key=list(WebhookEvent).index)


class WebhookPublic(SQLModel):
    id: int
    owner_id: int
    url: str
    events: list[str]
    description: str
    allow_private: bool
    created_at: datetime


class WebhookCreated(WebhookPublic):
    secret: str = Field(description="Shown only now: verify X-Partilha-Signature with it")


class AttemptPublic(SQLModel):
    at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int


class DeliveryPublic(SQLModel):
    id: int
    event: str
    entity_type: str
    entity_id: int
    status: DeliveryStatus
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    delivered_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    attempt_log: list[AttemptPublic]
    payload: dict[str, Any]


class DeliveryPage(SQLModel):
    items: list[DeliveryPublic]
    total: int
