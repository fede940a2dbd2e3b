"""Thematic calls: curators invite practices on a theme, for a period and a scope (national,
or some UFs and municipalities). A practice answers a call with `call_id`; its answer goes
through curation like any revision. A call's status follows from its dates."""

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import model_validator
from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from app.core.edits import partial
from app.core.text import NormalisedText
from app.db import IbgeCode, utcnow

CallScope = Literal["national", "regional"]


class CallStatus(StrEnum):
    upcoming = "upcoming"
    open = "open"
    closed = "closed"


class Call(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    description: str = Field(max_length=10_000)
    themes: list[str] = Field(sa_column=Column(JSON, nullable=False))
    scope: str = Field(max_length=20)
    ufs: list[str] = Field(sa_column=Column(JSON, nullable=False))
    municipalities: list[int] = Field(sa_column=Column(JSON, nullable=False))
    opens_on: date = Field(index=True)
    closes_on: date = Field(index=True)
    created_by_id: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    def status_on(self, today: date) -> CallStatus:
        if today < self.opens_on:
            return CallStatus.upcoming
        return CallStatus.open if today <= self.closes_on else CallStatus.closed


class CallCreate(NormalisedText):
    model_config = {"extra": "forbid"}

    title: str = Field(min_length=5, max_length=200)
    description: str = Field(min_length=10, max_length=10_000, description="Markdown")
    themes: list[str] = Field(min_length=1, max_length=8)
    scope: CallScope = "national"
    ufs: list[str] = Field(default_factory=list, max_length=27)
    municipalities: list[IbgeCode] = Field(default_factory=list, max_length=50)
    opens_on: date
    closes_on: date

    @model_validator(mode="after")
    def _dates_and_scope(self) -> "CallCreate":
        self.ufs = [uf.upper() for uf in self.ufs]
        if self.closes_on < self.opens_on:
            raise ValueError(
                f"closes_on: the call closes ({self.closes_on}) before it opens ({self.opens_on})"
            )
        if self.scope == "national" and (self.ufs or self.municipalities):
            raise ValueError("scope: a national call lists no UF or municipality")
        if self.scope == "regional" and not (self.ufs or self.municipalities):
            raise ValueError("scope: a regional call lists its UFs or municipalities")
        return self


class CallUpdate(partial(CallCreate)):  # type: ignore[misc]
    """Partial edit, allowed until the call opens; the result is validated as a whole."""


class CallAnswers(SQLModel):
    in_review: int = Field(description="Answers sent to curation and not decided yet")
    published: int


class AnswerBrief(SQLModel):
    id: int
    title: str
    organisation: str
    published_at: datetime | None


class CallPublic(SQLModel):
    id: int
    title: str
    description: str
    themes: list[str]
    scope: CallScope
    ufs: list[str]
    municipalities: list[int]
    opens_on: date
    closes_on: date
    status: CallStatus
    answers: CallAnswers
    published_answers: list[AnswerBrief] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime


class CallList(SQLModel):
    items: list[CallPublic]
    total: int
