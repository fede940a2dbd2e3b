"""Privacy (LGPD): consent records and the audit of who was served private contact data."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from app.db import str_enum, utcnow


class ConsentPurpose(StrEnum):
    publish_contact = "publish_contact"  # show a practice's contact on the public site and data


class ConsentRecord(SQLModel, table=True):
    """One grant or withdrawal, never updated: the history is the proof (who, what, when)."""

    __tablename__ = "consent_record"

    id: int | None = Field(default=None, primary_key=True)
    practice_id: int = Field(foreign_key="practice.id", index=True)
    revision_id: int = Field(foreign_key="practice_revision.id")
    actor_id: int = Field(foreign_key="user_account.id", index=True)
    purpose: ConsentPurpose = Field(sa_type=str_enum(ConsentPurpose))
    granted: bool
    created_at: datetime = Field(default_factory=utcnow)


class PrivateDataAccess(SQLModel, table=True):
    """Someone outside the owning organisation (a curator, an admin) was served private
    contact data. Names the fields, never their values."""

    __tablename__ = "private_data_access"

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int = Field(foreign_key="user_account.id", index=True)
    actor_role: str = Field(max_length=20)
    practice_id: int = Field(foreign_key="practice.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    fields: list[str] = Field(sa_column=Column(JSON, nullable=False))
    route: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class ConsentPublic(SQLModel):
    id: int
    practice_id: int
    revision_id: int
    actor: str
    purpose: ConsentPurpose
    granted: bool
    created_at: datetime


class AccessPublic(SQLModel):
    id: int
    actor_id: int
    actor_role: str
    practice_id: int
    organisation_id: int
    fields: list[str]
    route: str
    created_at: datetime


class AccessPage(SQLModel):
    items: list[AccessPublic]
    total: int


class AccountDelete(SQLModel):
    password: str = Field(min_length=1, max_length=200, description="The current password")


class DataExport(SQLModel):
    """Everything the platform holds about one person (GET /api/v1/me/export)."""

    generated_at: datetime
    account: dict[str, Any]
    organisation: dict[str, Any] | None
    practices: list[dict[str, Any]]
    practice_revisions: list[dict[str, Any]]
    policy_revisions: list[dict[str, Any]]
    capacity_reports: list[dict[str, Any]]
    curation_events: list[dict[str, Any]]
    consents: list[ConsentPublic]
    api_keys: list[dict[str, Any]]
    webhooks: list[dict[str, Any]]
    accesses_to_my_data: list[AccessPublic]
    accesses_i_made: list[AccessPublic]
