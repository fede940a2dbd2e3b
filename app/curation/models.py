"""Curation events: the immutable record of every transition."""

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.curation.translations import Localised
from app.db import DbId, str_enum, utcnow


class RevisionStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    in_review = "in_review"
    changes_requested = "changes_requested"
    approved = "approved"
    rejected = "rejected"


class LifecycleStatus(StrEnum):
    """What a curated item shows as a whole: its latest revision's state, or published/archived."""

    draft = "draft"
    submitted = "submitted"
    in_review = "in_review"
    changes_requested = "changes_requested"
    published = "published"
    rejected = "rejected"
    archived = "archived"


class CuratedBase(SQLModel):
    """Lifecycle columns shared by every curated kind's table."""

    status: LifecycleStatus = Field(sa_type=str_enum(LifecycleStatus), index=True)
    created_by_id: int = Field(foreign_key="user_account.id")
    # Revision pointers are plain ids (no FK) to avoid a subject<->revision cycle.
    latest_revision_id: int | None = None
    published_revision_id: int | None = None
    published_at: datetime | None = None
    archived_at: datetime | None = None
    # Bumped by every transition: a conditional update on it makes racing decisions fail.
    version: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class RevisionBase(SQLModel):
    """Columns shared by every revision table: the content judged by curators."""

    number: int
    status: RevisionStatus = Field(sa_type=str_enum(RevisionStatus), index=True)
    content: dict[str, Any] = Field(sa_type=JSON)
    # "|slug|slug|" keys so the queue can filter by theme and UF portably.
    themes_key: str = Field(default="", max_length=1000)
    ufs_key: str = Field(default="", max_length=200)
    created_by_id: int = Field(foreign_key="user_account.id")
    claimed_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    submitted_at: datetime | None = None


class Action(StrEnum):
    create = "create"
    submit = "submit"
    claim = "claim"
    request_changes = "request_changes"
    approve = "approve"
    reject = "reject"
    withdraw = "withdraw"
    retract = "retract"  # its authors take a submitted revision back to edit it
    edit = "edit"
    verify = "verify"


class CurationEvent(SQLModel, table=True):
    __tablename__ = "curation_event"

    id: int | None = Field(default=None, primary_key=True)
    # Which item and revision: the kind's registered name and ids in its tables (no FK, since
    # every kind's tables are curated through this one table).
    subject_type: str = Field(max_length=20)
    subject_id: int = Field(index=True)
    revision_id: int = Field(index=True)
    actor_id: int = Field(foreign_key="user_account.id")
    action: Action = Field(sa_type=str_enum(Action))
    from_status: str = Field(max_length=20)
    to_status: str = Field(max_length=20)
    reason: str | None = Field(default=None, max_length=5000)
    checklist: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    # A request for changes keeps the content it was made on: what changed since is shown.
    content_asked: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow)


class IdempotencyRecord(SQLModel, table=True):
    """A create request sent with an Idempotency-Key: its retries answer with the same item."""

    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("user_id", "subject_type", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id")
    subject_type: str = Field(max_length=20)  # the kind's name; keys are per user and kind
    key: str = Field(max_length=200)
    request_hash: str = Field(max_length=64)
    subject_id: int
    created_at: datetime = Field(default_factory=utcnow)


Answer = Literal["yes", "no", "na"]


class DecisionCreate(SQLModel):
    revision_id: DbId = Field(description="The revision the curator judged")
    outcome: Literal["approve", "request_changes", "reject"]
    reason: str | None = Field(default=None, max_length=5000)
    checklist: dict[str, Answer] = Field(default_factory=dict)


class ClaimCreate(SQLModel):
    revision_id: DbId | None = None


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
    kind: str = Field(description="The kind's name (practice, policy, ...)")
    segment: str = Field(description="The kind's URL segment (practices, policies, ...)")
    subject_id: int
    revision_id: int
    revision_number: int
    title: str
    template: str | None
    organisation: str | None
    status: str
    themes: list[str]
    ufs: list[str]
    submitted_at: datetime
    waiting_hours: float
    claimed_by: str | None
    approvals: int
    approvals_required: int
    cannot_decide: str | None = Field(
        default=None,
        description="Why the reader may not decide on this item (conflict of interest), if so",
    )
    resubmitted: bool = Field(
        default=False,
        description="Sent again after the curators asked for changes (it keeps its place: "
        "submitted_at is its first submission, claimed_by the curator who asked)",
    )
    changed: list[str] = Field(
        default_factory=list,
        description="A resubmission's content fields changed since the curators asked",
    )


class QueuePage(SQLModel):
    items: list[QueueItem]
    total: int


class CuratedRevisionPublic(SQLModel):
    """A revision as a kind's API shows it (a kind with more to show declares its own)."""

    id: int
    number: int
    status: RevisionStatus
    content: dict[str, Any]


class CuratedPublic(Localised):
    """An item as a kind's API shows it: its lifecycle, its revision shown and the one being
    worked on (a kind adds its own fields; one with more to show of a revision declares its
    own shape)."""

    id: int
    status: LifecycleStatus
    published_at: datetime | None
    updated_at: datetime
    revision: CuratedRevisionPublic
    pending_revision: CuratedRevisionPublic | None = None
    feedback: str | None = None
