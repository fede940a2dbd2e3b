"""Mail: the outgoing messages (the mail outbox, written in the transaction of the change they
announce), the addresses that refuse mail, and the opt-outs of one-click unsubscribes."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.db import str_enum, utcnow


class MailStatus(StrEnum):
    pending = "pending"  # waiting for its first attempt or a retry
    sent = "sent"  # accepted by the SMTP server (or written as .eml without one)
    failed = "failed"  # refused for good (5xx, or too many temporary failures): not retried


class MailMessage(SQLModel, table=True):
    """One message to one address, composed when it was enqueued: every attempt sends the
    same bytes with the same Message-ID."""

    __tablename__ = "mail_message"
    __table_args__ = (Index("ix_mail_message_status_next", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(max_length=200, unique=True)  # the Message-ID header, with <>
    # Set by periodic senders (digests, reminders): the same key is never enqueued twice.
    dedupe_key: str | None = Field(default=None, max_length=200, unique=True)
    to_address: str = Field(max_length=254, index=True)
    template: str = Field(max_length=60)
    topic: str = Field(max_length=60)  # what a one-click unsubscribe stops
    language: str = Field(max_length=5)
    about_own_account: bool = False  # never unsubscribable (password reset, verification…)
    subject: str = Field(max_length=300)
    text_body: str = Field(sa_column=Column(Text, nullable=False))
    html_body: str = Field(sa_column=Column(Text, nullable=False))
    unsubscribe_url: str | None = Field(default=None, max_length=500)
    status: MailStatus = Field(sa_type=str_enum(MailStatus), default=MailStatus.pending)
    attempts: int = 0  # every claim counts one
    refusals: int = 0  # 5xx answers for this message
    deferrals: int = 0  # 4xx answers for this message (an unreachable server counts neither)
    next_attempt_at: datetime = Field(default_factory=utcnow)
    last_error: str | None = Field(default=None, max_length=500)
    transport: str | None = Field(default=None, max_length=10)  # smtp or file, once sent
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


class MailAddress(SQLModel, table=True):
    """An address the SMTP server refused (5xx): failing after N refused messages; admins see
    it and may clear it. A later successful delivery clears it too."""

    __tablename__ = "mail_address"

    address: str = Field(primary_key=True, max_length=254)
    refusals: int = 0
    failing_since: datetime | None = None
    last_error: str | None = Field(default=None, max_length=500)
    updated_at: datetime = Field(default_factory=utcnow)


class MailOptOut(SQLModel, table=True):
    """An address that unsubscribed from one topic (or "*": everything not about its account)."""

    __tablename__ = "mail_opt_out"
    __table_args__ = (UniqueConstraint("address", "topic"),)

    id: int | None = Field(default=None, primary_key=True)
    address: str = Field(max_length=254, index=True)
    topic: str = Field(max_length=60)
    created_at: datetime = Field(default_factory=utcnow)
