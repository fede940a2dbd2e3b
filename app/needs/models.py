"""Needs: a municipality's government says what it lacks (themes, people concerned, until
when); organisations offer help. A need is open until its owner marks it met; an open need
past its date reads as expired (computed, never stored)."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from app.core.text import NormalisedText
from app.db import str_enum, utcnow


class NeedState(StrEnum):
    """What is stored: the owner's word."""

    open = "open"
    met = "met"


class NeedStatus(StrEnum):
    """What is shown: `expired` is an open need past its date."""

    open = "open"
    met = "met"
    expired = "expired"


class Need(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    ibge_code: int = Field(foreign_key="municipality.ibge_code", index=True)
    uf: str = Field(max_length=2, index=True)
    title: str = Field(max_length=200)
    themes: list[str] = Field(sa_column=Column(JSON, nullable=False))
    description: str = Field(max_length=10_000)
    people_concerned: int
    until: date = Field(index=True)
    state: NeedState = Field(sa_type=str_enum(NeedState), default=NeedState.open)
    created_by_id: int = Field(foreign_key="user_account.id")
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    def status_on(self, today: date) -> NeedStatus:
        if self.state == NeedState.met:
            return NeedStatus.met
        return NeedStatus.open if today <= self.until else NeedStatus.expired


class NeedOffer(SQLModel, table=True):
    __tablename__ = "need_offer"

    id: int | None = Field(default=None, primary_key=True)
    need_id: int = Field(foreign_key="need.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    created_by_id: int = Field(foreign_key="user_account.id")
    message: str = Field(max_length=5_000)
    gives: str = Field(max_length=2_000)
    contact: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow)


class NeedCreate(NormalisedText):
    model_config = {"extra": "forbid"}

    title: str = Field(min_length=5, max_length=200)
    themes: list[str] = Field(min_length=1, max_length=8)
    description: str = Field(min_length=10, max_length=10_000, description="Markdown")
    people_concerned: int = Field(ge=0, le=100_000_000)
    until: date


class NeedUpdate(SQLModel):
    """Partial edit by the owner; `status: met` closes the need (and `open` reopens it)."""

    model_config = {"extra": "forbid"}

    title: str | None = Field(default=None, min_length=5, max_length=200)
    themes: list[str] | None = Field(default=None, min_length=1, max_length=8)
    description: str | None = Field(default=None, min_length=10, max_length=10_000)
    people_concerned: int | None = Field(default=None, ge=0, le=100_000_000)
    until: date | None = None
    status: NeedState | None = None


class OfferCreate(NormalisedText):
    model_config = {"extra": "forbid"}

    message: str = Field(min_length=10, max_length=5_000)
    gives: str = Field(min_length=3, max_length=2_000, description="What the organisation gives")
    contact: str = Field(min_length=3, max_length=300)


class OfferPublic(SQLModel):
    """An offer as the need's owner (and the offering organisation) sees it."""

    id: int
    need_id: int
    organisation_id: int
    organisation: str
    message: str
    gives: str
    contact: str
    created_at: datetime


class NeedPublic(SQLModel):
    id: int
    ibge_code: int
    municipality: str
    uf: str
    title: str
    themes: list[str]
    description: str
    people_concerned: int
    until: date
    status: NeedStatus
    offers_count: int
    # Only for the need's owner (and staff); None for everyone else.
    offers: list[OfferPublic] | None = None
    created_at: datetime
    updated_at: datetime


class NeedList(SQLModel):
    items: list[NeedPublic]
    total: int


class Suggestion(SQLModel):
    """A published practice that answers the municipality's open needs, and why."""

    practice_id: int
    title: str
    page: str
    score: float
    distance_km: int | None = Field(
        description="To the nearest place it was practised or replicated"
    )
    themes: list[str] = Field(description="The needs' themes it shares")
    reasons: list[str]
    reason: str = Field(description="The reasons in one sentence")


class SuggestionList(SQLModel):
    ibge_code: int
    needs: list[int] = Field(description="The open needs the suggestions answer")
    items: list[Suggestion]
