"""Curation events: the immutable record of every transition."""

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from app.db import str_enum, utcnow


class Action(StrEnum):
    create = "create"
    submit = "submit"
    claim = "claim"
    request_changes = "request_changes"
    approve = "approve"
    reject = "reject"
    withdraw = "withdraw"
    edit = "edit"


class CurationEvent(SQLModel, table=True):
    __tablename__ = "curation_event"

    id: int | None = Field(default=None, primary_key=True)
    practice_id: int = Field(foreign_key="practice.id", index=True)
    revision_id: int = Field(foreign_key="practice_revision.id", index=True)
    actor_id: int = Field(foreign_key="user_account.id")
    action: Action = Field(sa_type=str_enum(Action))
    from_status: str = Field(max_length=20)
    to_status: str = Field(max_length=20)
    reason: str | None = Field(default=None, max_length=5000)
    checklist: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    created_at: datetime = Field(default_factory=utcnow)


Answer = Literal["yes", "no", "na"]


class DecisionCreate(SQLModel):
    revision_id: int = Field(description="The revision the curator judged")
    outcome: Literal["approve", "request_changes", "reject"]
    reason: str | None = Field(default=None, max_length=5000)
    checklist: dict[str, Answer] = Field(default_factory=dict)


class ClaimCreate(SQLModel):
    revision_id: int | None = None


class WithdrawCreate(SQLModel):
    reason: str | None = Field(default=None, max_length=5000)


class EventPublic(SQLModel):
    id: int
    revision_id: int
    revision_number: int
    actor: str
    action: Action
    from_status: str
    to_status: str
    reason: str | None
    checklist: dict[str, Any] | None
    created_at: datetime


class QueueItem(SQLModel):
    practice_id: int
    revision_id: int
    revision_number: int
    title: str
    template: str
    organisation: str
    status: str
    themes: list[str]
    ufs: list[str]
    submitted_at: datetime
    waiting_hours: float
    claimed_by: str | None
    approvals: int


class QueuePage(SQLModel):
    items: list[QueueItem]
    total: int
