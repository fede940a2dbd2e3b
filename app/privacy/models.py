"""Privacy (LGPD) answers: a practice's consent history, the private-data access audit and
everything held about one person. The consent and audit rows are the practices' own tables
(app/practices/models.py): practices write them as they serve and edit contacts."""

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from app.practices.models import ConsentPurpose


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
    replication_revisions: list[dict[str, Any]] = Field(
        default_factory=list, description="Replication reports you wrote (contact included)"
    )
    calls: list[dict[str, Any]] = Field(default_factory=list, description="Calls you opened")
    capacity_reports: list[dict[str, Any]]
    curation_events: list[dict[str, Any]]
    consents: list[ConsentPublic]
    api_keys: list[dict[str, Any]]
    browser_sessions: list[dict[str, Any]] = Field(
        default_factory=list, description="Where you are signed in: start and last use"
    )
    security_events: list[dict[str, Any]] = Field(
        default_factory=list, description="The accounts' audit rows about you"
    )
    join_requests: list[dict[str, Any]] = Field(
        default_factory=list, description="Your requests to join an organisation, with your message"
    )
    webhooks: list[dict[str, Any]]
    accesses_to_my_data: list[AccessPublic]
    accesses_i_made: list[AccessPublic]
    mail: dict[str, Any] = Field(
        default_factory=dict,
        description="Messages written to your address (subject, state, dates) and the kinds "
        "of message you unsubscribed from",
    )
    saved_searches: list[dict[str, Any]] = Field(
        default_factory=list, description="The searches you follow by e-mail"
    )
