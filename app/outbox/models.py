"""Events that the search index (and later webhooks) must follow, written in the same
transaction as the change that causes them."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, FetchedValue, Index, false
from sqlmodel import Field, SQLModel

from app.db import utcnow


class EntityType(StrEnum):
    """Entity names that outbox events carry; each curated kind's events carry its own name."""

    practice = "practice"
    policy = "policy"
    municipality = "municipality"
    organisation = "organisation"
    replication = "replication"


class OutboxEvent(SQLModel, table=True):
    __tablename__ = "outbox_event"
    __table_args__ = (
        Index("ix_outbox_event_txid_id", "txid", "id"),
        Index("ix_outbox_event_lane", "processed_at", "bulk", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # A plain string, not EntityType: curated kinds declared by domains add their own names.
    entity_type: str = Field(max_length=20)
    entity_id: int
    # What happened, for consumers that care (webhooks); the index always re-reads the state.
    kind: str = Field(max_length=40)
    created_at: datetime = Field(default_factory=utcnow)
    processed_at: datetime | None = Field(default=None, index=True)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    last_error: str | None = Field(default=None, max_length=2000)
    # Written by a bulk write (enqueue_many): the search worker serves these in their own lane,
    # after every interactive event, so an approval never waits behind an import.
    bulk: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # The writing transaction (PostgreSQL: pg_current_xact_id(), filled by the server default;
    # SQLite: 0, writes are serialised so id order is commit order). Readers that page through
    # the outbox in commit-safe order use it (app/outbox/feed.py); never set it in code.
    txid: int | None = Field(
        default=None,
        nullable=False,
        sa_type=BigInteger,
        sa_column_kwargs={"server_default": FetchedValue()},
    )
