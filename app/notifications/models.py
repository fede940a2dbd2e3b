"""Saved-search subscriptions (a daily or weekly digest of what was newly published) and the
freshness ladder's record of which reminder went out for which capacity report."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.db import str_enum, utcnow


class Frequency(StrEnum):
    daily = "daily"
    weekly = "weekly"


class DigestSubscription(SQLModel, table=True):
    """A person follows a saved search: every filter set must match (none set: everything)."""

    __tablename__ = "digest_subscription"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    frequency: Frequency = Field(sa_type=str_enum(Frequency), default=Frequency.weekly)
    themes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    uf: str | None = Field(default=None, max_length=2)
    ibge_code: int | None = Field(default=None, foreign_key="municipality.ibge_code")
    call_id: int | None = Field(default=None, foreign_key="call.id")
    created_at: datetime = Field(default_factory=utcnow)


class FreshnessStage(StrEnum):
    nearing = "nearing"  # still fresh, the limit is close: reminder to the editors
    passed = "passed"  # past the update interval: second reminder to the editors
    overdue = "overdue"  # past the grace period too: a note to the admins


class FreshnessNotice(SQLModel, table=True):
    """One rung of the ladder sent for one municipality's latest report: never sent twice."""

    __tablename__ = "freshness_notice"
    __table_args__ = (UniqueConstraint("ibge_code", "as_of", "stage"),)

    id: int | None = Field(default=None, primary_key=True)
    ibge_code: int = Field(foreign_key="municipality.ibge_code")
    as_of: date
    stage: FreshnessStage = Field(sa_type=str_enum(FreshnessStage))
    created_at: datetime = Field(default_factory=utcnow)
