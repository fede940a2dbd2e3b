"""Practices and their revisions. A practice's public face is its published revision."""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AnyHttpUrl, EmailStr, field_validator, model_validator
from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.edits import partial
from app.core.text import NormalisedText
from app.curation.drafts import is_draft, lenient
from app.curation.models import CuratedBase, LifecycleStatus, RevisionBase, RevisionStatus
from app.curation.translations import (
    Localised,
    Stored,
    Translatable,
    TranslatedContent,
)
from app.db import DbId, IbgeCode, str_enum, utcnow

Scope = Literal["municipal", "state", "national"]


class Practice(CuratedBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    template: str = Field(max_length=40)


class PracticeRevision(RevisionBase, table=True):
    __tablename__ = "practice_revision"
    __table_args__ = (UniqueConstraint("practice_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    practice_id: int = Field(foreign_key="practice.id", index=True)
    # "|1400100|1302603|": the municipality profile lists the practices published there.
    municipalities_key: str = Field(default="", max_length=300)
    # The thematic call this revision answers (a call's page counts and lists its answers).
    call_id: int | None = Field(default=None, foreign_key="call.id", index=True)


class PracticeExternalId(SQLModel, table=True):
    """A partner's own id for a practice it sent in a batch: re-sending the line finds it."""

    __tablename__ = "practice_external_id"
    __table_args__ = (UniqueConstraint("organisation_id", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    external_id: str = Field(max_length=200)
    practice_id: int = Field(foreign_key="practice.id")
    user_id: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)


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


class Contact(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    email: EmailStr | None = None
    phone: str | None = Field(default=None, max_length=40)


class PracticeContent(NormalisedText, TranslatedContent):
    """Fields every practice carries whatever its template. Taxonomy slugs are checked by the
    service against the catalog (they are data, not code)."""

    title: str = Field(min_length=3, max_length=200)
    summary: str = Field(min_length=10, max_length=500)
    description: str = Field(min_length=10, max_length=20_000, description="Markdown")
    themes: list[str] = Field(min_length=1, max_length=8)
    audiences: list[str] = Field(min_length=1, max_length=10)
    scope: Scope
    municipalities: list[IbgeCode] = Field(default_factory=list, max_length=20)
    ufs: list[str] = Field(default_factory=list, max_length=27)
    partners: list[str] = Field(default_factory=list, max_length=30)
    start_date: date | None = None
    end_date: date | None = None
    ongoing: bool = False
    results: str = Field(default="", max_length=5_000)
    evidence_level: str = Field(max_length=40)
    resources: str = Field(default="", max_length=5_000)
    how_to_replicate: str = Field(default="", max_length=10_000)
    languages: list[str] = Field(min_length=1, max_length=10)
    links: list[AnyHttpUrl] = Field(default_factory=list, max_length=10)
    contact: Contact | None = None
    contact_public: bool = Field(
        default=False, description="The submitter consents to publish the contact"
    )
    details: dict[str, Any] = Field(
        default_factory=dict, description="Fields declared by the chosen template"
    )
    call_id: DbId | None = Field(
        default=None, description="The thematic call this practice answers (it must be open)"
    )

    @field_validator("partners")
    @classmethod
    def _partner_length(cls, partners: list[str]) -> list[str]:
        for partner in partners:
            if not 1 <= len(partner) <= 200:
                raise ValueError("each partner name must have 1 to 200 characters")
        return partners

    @field_validator("ufs")
    @classmethod
    def _upper_ufs(cls, ufs: list[str]) -> list[str]:
        return [uf.upper() for uf in ufs]

    @model_validator(mode="after")
    def _consistent(self) -> "PracticeContent":
        drafting = is_draft(self)  # what makes it complete is checked when it is sent
        if self.scope == "municipal" and not self.municipalities and not drafting:
            raise ValueError("municipalities: a municipal practice names at least one municipality")
        if self.scope == "state" and not self.ufs and not drafting:
            raise ValueError("ufs: a state practice names at least one UF")
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValueError("end_date: the end date comes before the start date")
        if self.ongoing and self.end_date:
            raise ValueError("end_date: an ongoing practice has no end date")
        return self


# The text a practice's page reads in the visitor's language (each optional, same limits).
PRACTICE_TEXT = Translatable(
    PracticeContent, "title", "summary", "description", "results", "resources", "how_to_replicate"
)


# What a draft must hold (the kind declares it too; the rest is checked when it is sent).
DRAFT_REQUIRES = ("title",)


class PracticeCreate(lenient(PracticeContent, DRAFT_REQUIRES)):  # type: ignore[misc]
    """A new practice, saved as a draft: only the title required (the rest checked on submit)."""

    translations: Annotated[Stored, PRACTICE_TEXT.stored] = Field(default_factory=dict)
    template: str = Field(max_length=40)
    organisation_id: DbId | None = Field(
        default=None, description="Only curators/admins choose; contributors use their own"
    )


class PracticeUpdate(partial(PracticeContent, translations=PRACTICE_TEXT.edit_field)):  # type: ignore[misc]
    """Partial edit: any content field; the result is validated as a whole."""


class RevisionPublic(SQLModel):
    id: int
    number: int
    status: RevisionStatus
    created_at: datetime
    submitted_at: datetime | None
    content: dict[str, Any]


class FeedbackPublic(SQLModel):
    action: str
    reason: str | None
    created_at: datetime


class ReplicatedIn(SQLModel):
    ibge_code: int
    name: str
    uf: str


class PracticePublic(Localised):
    id: int
    status: LifecycleStatus
    template: str
    organisation: dict[str, Any]
    published_at: datetime | None
    updated_at: datetime
    revision: RevisionPublic
    pending_revision: RevisionPublic | None = None
    feedback: FeedbackPublic | None = None
    replication_count: int = Field(
        default=0, description="Published replications of this practice by any organisation"
    )
    replicated_in: list[ReplicatedIn] = Field(
        default_factory=list, description="Municipalities where it was replicated"
    )


class PracticeList(SQLModel):
    items: list[PracticePublic]
    total: int


BatchStatus = Literal["created", "duplicate", "invalid"]


class BatchLine(PracticeCreate):
    """One NDJSON line of POST /api/v1/practices/batch: a practice plus the partner's id."""

    external_id: str = Field(min_length=1, max_length=200, description="The partner's own id")


class BatchLineResult(SQLModel):
    line: int = Field(description="1-based line number in the body")
    external_id: str | None
    status: BatchStatus
    practice_id: int | None = None
    problem: dict[str, Any] | None = Field(
        default=None, description="problem+json-like: status, title, detail, errors[{loc,msg,type}]"
    )


class BatchResult(SQLModel):
    created: int
    duplicate: int
    invalid: int
    results: list[BatchLineResult]
