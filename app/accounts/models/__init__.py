"""Organisations, users, partner API keys and requests to join; the security records
(sessions, password resets, sign-in addresses, the security audit) are in security.py, and
every model is imported from here."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from pydantic import EmailStr, ValidationInfo, field_validator
from sqlmodel import Field, SQLModel

from app.accounts import passwords

# Re-exported: callers import every model of accounts from here.
from app.accounts.models.security import (  # noqa: F401
    PasswordReset,
    PasswordResetConfirm,
    PasswordResetRequest,
    SecurityEvent,
    SecurityEventKind,
    SecurityEventPage,
    SecurityEventPublic,
    SignInAddress,
    WebSession,
)
from app.db import str_enum, utcnow


class Role(StrEnum):
    contributor = "contributor"
    curator = "curator"
    gov_editor = "gov_editor"
    admin = "admin"


# Curators and admins: they curate, and see every state and private data of what they curate.
STAFF_ROLES = frozenset({Role.curator, Role.admin})


class Scope(StrEnum):
    """What an API key may do, each adding to the one before: read; create, edit and submit
    content; curation (claim, decide, curator routes); admin routes."""

    read = "read"
    submit = "submit"
    curate = "curate"
    admin = "admin"


SCOPES = tuple(Scope)  # in order: a scope includes every one before it
# The demo accounts' e-mails (app/demo): they sign in only in dev (app.accounts.service).
DEMO_DOMAIN = "demo.partilha.org.br"


class Organisation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    type: str = Field(max_length=40)
    uf: str | None = Field(default=None, max_length=2)
    created_at: datetime = Field(default_factory=utcnow)


class OrganisationCreate(SQLModel):
    name: str = Field(min_length=2, max_length=200)
    type: str = Field(max_length=40)
    uf: str | None = Field(default=None, min_length=2, max_length=2)


class OrganisationPublic(SQLModel):
    id: int
    name: str
    type: str
    uf: str | None


class User(SQLModel, table=True):
    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    name: str = Field(max_length=200)
    password_hash: str = Field(max_length=200)
    role: Role = Field(sa_type=str_enum(Role))
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    # A gov_editor writes capacity for one UF or one municipality (IBGE code).
    scope_uf: str | None = Field(default=None, max_length=2)
    scope_ibge: int | None = Field(default=None)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    # Set when the person deleted their account: the row stays (curation history points at
    # it) but is anonymised and can never sign in again.
    deleted_at: datetime | None = None
    # Bearer tokens carry the value they were issued under: a password change or reset, a
    # deactivation or "sign out everywhere" adds one, and every earlier token stops at once.
    credential_epoch: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # The interface language the person chose on their account page (pt-BR, es, en, fr); mail
    # goes out in it too. None: the browser's.
    language: str | None = Field(default=None, max_length=5)
    # False only for an account a person opened at /participar until they open the link mailed
    # to them (app.accounts.joining); admins' and the CLI's accounts are verified.
    email_verified: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})


class UserCreate(SQLModel):
    email: EmailStr
    name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=10, max_length=200)
    role: Role
    organisation: str | None = None
    scope: str | None = None

    @field_validator("email")
    @classmethod
    def _lower(cls, v: str) -> str:
        return v.strip().lower()

    @field_validator("password")
    @classmethod
    def _strong(cls, v: str, info: ValidationInfo) -> str:
        # email and name are declared before password: validated already when valid.
        reason = passwords.problem(v, info.data.get("email", ""), info.data.get("name", ""))
        if reason:
            raise ValueError(str(reason))
        return v


class UserPublic(SQLModel):
    id: int
    email: str
    name: str
    role: Role
    organisation: OrganisationPublic | None = None
    scope_uf: str | None = None
    scope_ibge: int | None = None
    is_active: bool = True
    language: str | None = None


class UserAdminUpdate(SQLModel):
    """What an admin changes on an account (PATCH /api/v1/users/{id}); absent: unchanged."""

    is_active: bool | None = None
    role: Role | None = None


class PasswordChange(SQLModel):
    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


class LanguageChoice(SQLModel):
    language: str = Field(max_length=5, description="pt-BR, es, en or fr")


class ApiKey(SQLModel, table=True):
    """A partner system's key. Only a hash is stored; the key is shown once at creation."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=16, unique=True)
    key_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    # Written at most once a minute per key (app.accounts.service.KEY_USE_RESOLUTION).
    last_used_at: datetime | None = None
    # Space-separated, every scope up to the widest granted ("read submit"), as OAuth writes
    # them; the owner's role still caps them when the key is used.
    scopes: str = Field(max_length=40)


class ApiKeyCreate(SQLModel):
    name: str = Field(min_length=1, max_length=100)
    # None: every scope the owner's role allows, as keys had before scopes existed.
    scopes: list[Scope] | None = Field(default=None, min_length=1, max_length=len(SCOPES))


class ApiKeyPublic(SQLModel):
    id: int
    name: str
    prefix: str
    scopes: list[Scope]
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    @field_validator("scopes", mode="before")
    @classmethod
    def _split(cls, v: object) -> object:
        return v.split() if isinstance(v, str) else v


class ApiKeyCreated(ApiKeyPublic):
    key: str


class Token(SQLModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class JoinStatus(StrEnum):
    unconfirmed = "unconfirmed"  # the person has not opened the mailed link yet
    pending = "pending"  # waiting for the organisation's members or an admin
    approved = "approved"
    refused = "refused"


class JoinRequest(SQLModel, table=True):
    """A person asking to join an organisation (`organisation_id`) or to register a new one
    (`new_organisation`), from /participar (app.accounts.joining)."""

    __tablename__ = "join_request"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    new_organisation: str | None = Field(default=None, max_length=200)
    new_organisation_type: str | None = Field(default=None, max_length=50)
    message: str = Field(max_length=2000)
    status: JoinStatus = Field(sa_type=str_enum(JoinStatus), index=True)
    token_hash: str = Field(max_length=64, unique=True)
    decided_by: int | None = Field(default=None, foreign_key="user_account.id")
    decided_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


def is_staff(user: User | None) -> bool:
    """The one test of "is this person curation staff", for every page, API and command."""
    return user is not None and user.role in STAFF_ROLES
