"""Browser sessions kept in the database. The cookie holds a random id; the table holds its
sha256, the user, when it started and when it was last used. A session ends at sign-out, after
`session_idle_minutes` without a request, `session_absolute_hours` after sign-in, and for every
browser of a person when their password changes or is reset, when they deactivate or delete
the account, or when they press "sign out everywhere" (`end_sessions`)."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.accounts import repository as repo
from app.accounts.models import User, WebSession
from app.config import Settings, get_settings
from app.db import new_session, utcnow

# A session's last use is written at most this often: not a write on every page.
TOUCH_RESOLUTION = timedelta(minutes=1)
ID_BYTES = 32


def new_id() -> str:
    """A fresh random session id (43 URL-safe characters)."""
    return secrets.token_urlsafe(ID_BYTES)


def id_hash(raw: str) -> str:
    # The id is 256 random bits: a plain sha256 cannot be reversed or guessed.
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class Active:
    """A live session and the active person it belongs to."""

    row: WebSession
    user: User


def _expired(row: WebSession, now: datetime, settings: Settings) -> bool:
    idle = timedelta(minutes=settings.session_idle_minutes)
    absolute = timedelta(hours=settings.session_absolute_hours)
    return now - row.last_seen_at > idle or now - row.created_at > absolute


def resolve(session: Session, raw: str) -> Active | None:
    """The live session a cookie names, or None (unknown, ended, timed out, or its owner
    deactivated or deleted). Reads only: `touch` records the use."""
    row = repo.get_web_session(session, id_hash(raw))
    if row is None or _expired(row, utcnow(), get_settings()):
        return None
    user = repo.get_user(session, row.user_id)
    if user is None or not user.is_active:
        return None
    return Active(row, user)


def touch(active: Active) -> None:
    """Record that the session was used now (for the idle timeout), at most once a minute, in
    a short transaction of its own: a page that only reads never holds the write lock."""
    now = utcnow()
    if now - active.row.last_seen_at < TOUCH_RESOLUTION:
        return
    try:
        with new_session() as session:
            repo.touch_web_session(session, active.row.id or 0, now, now - TOUCH_RESOLUTION)
            session.commit()
    except OperationalError:
        pass  # bookkeeping only: a busy database must not fail the page


def start(session: Session, user: User, previous: str | None = None) -> str:
    """Sign in a browser: a new session id (the one it had before, signed in or not, is
    dropped: the id rotates at sign-in); the caller sets it in the cookie."""
    if previous:
        repo.delete_web_session(session, id_hash(previous))
    settings = get_settings()
    now = utcnow()
    repo.prune_web_sessions(
        session,
        user.id or 0,
        idle_before=now - timedelta(minutes=settings.session_idle_minutes),
        started_before=now - timedelta(hours=settings.session_absolute_hours),
    )
    raw = new_id()
    session.add(WebSession(token_hash=id_hash(raw), user_id=user.id or 0, created_at=now))
    session.commit()
    return raw


def end(session: Session, raw: str) -> None:
    """Sign out this browser."""
    repo.delete_web_session(session, id_hash(raw))
    session.commit()


def end_sessions(session: Session, user: User, except_session: str | None = None) -> int:
    """End every browser session of `user` but `except_session` (the raw id of the browser
    that asked, kept signed in) and void every bearer token issued so far (the credential
    epoch moves on). Part of a use case: the caller commits (password change or reset,
    deactivation, deletion, "sign out everywhere"). Returns how many sessions ended."""
    keep = id_hash(except_session) if except_session else None
    ended = repo.delete_web_sessions_of(session, user.id or 0, keep)
    user.credential_epoch += 1
    session.add(user)
    return ended


def count(session: Session, user: User) -> int:
    """How many live sessions the person has (shown on the account page)."""
    settings = get_settings()
    now = utcnow()
    return repo.count_web_sessions(
        session,
        user.id or 0,
        idle_since=now - timedelta(minutes=settings.session_idle_minutes),
        started_since=now - timedelta(hours=settings.session_absolute_hours),
    )
