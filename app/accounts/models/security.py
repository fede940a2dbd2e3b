"""The accounts' security records: signed-in browsers, forgot-password links, the addresses
an account signed in from, and the security audit admins read."""

from datetime import datetime
from enum import StrEnum

from pydantic import EmailStr
from sqlmodel import Field, SQLModel

from app.db import str_enum, utcnow


class WebSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random id; only its sha256 is stored, so the
    table never holds a usable session."""

    __tablename__ = "web_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    # Written at most once a minute per session (app.accounts.sessions.TOUCH_RESOLUTION).
    last_seen_at: datetime = Field(default_factory=utcnow)


class PasswordReset(SQLModel, table=True):
    """A "forgot my password" link: only the sha256 of its token is stored; it works once,
    within the hour (app.accounts.resets)."""

    __tablename__ = "password_reset"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class PasswordResetRequest(SQLModel):
    email: EmailStr


class PasswordResetConfirm(SQLModel):
    token: str = Field(min_length=1, max_length=200)
    new_password: str = Field(max_length=200)


class SignInAddress(SQLModel, table=True):
    """An address the account's owner signed in from with the right password (keyed with the
    app secret, never stored in clear): a stranger's failures never lock it out."""

    __tablename__ = "sign_in_address"

    user_id: int = Field(foreign_key="user_account.id", primary_key=True)
    address_hash: str = Field(max_length=40, primary_key=True)
    last_success_at: datetime = Field(default_factory=utcnow)


class SecurityEventKind(StrEnum):
    sign_in_throttled = "sign_in_throttled"
    sessions_ended = "sessions_ended"
    password_changed = "password_changed"
    deactivated = "deactivated"
    reactivated = "reactivated"
    role_changed = "role_changed"


class SecurityEvent(SQLModel, table=True):
    """The accounts' audit, for admins: throttled guessing, password changes, sessions ended,
    deactivations and role changes."""

    __tablename__ = "security_event"

    id: int | None = Field(default=None, primary_key=True)
    kind: SecurityEventKind = Field(sa_type=str_enum(SecurityEventKind))
    user_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    address: str | None = Field(default=None, max_length=64)  # the client, when it matters
    detail: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class SecurityEventPublic(SQLModel):
    id: int
    kind: SecurityEventKind
    user_id: int | None
    actor_id: int | None
    address: str | None
    detail: str
    created_at: datetime


class SecurityEventPage(SQLModel):
    items: list[SecurityEventPublic]
    total: int
