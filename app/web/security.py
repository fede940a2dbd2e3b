"""Browser sessions and CSRF tokens (the sign-in limit is app.accounts.lockout's, shared with
the API).

The session cookie holds a random id (app.web.sessions); the signed-in person it names is kept
in the database (app.accounts.sessions). The CSRF token is an HMAC of that id with the app
secret: every POST from a page carries it in a hidden field and `check_csrf` (a dependency of
every web router) refuses a POST without it. It changes whenever the id does (at sign-in).

`load_user`, the first dependency of every web router, reads a POST's whole form before it
touches the database (within `form_read_timeout_s`, or 408), and reads the user in a read-only
transaction: a slow client never holds SQLite's write lock."""

import asyncio
import hashlib
import hmac
from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

from app.accounts import sessions
from app.accounts.models import Role, User
from app.config import get_settings
from app.db import new_read_session
from app.errors import AppError, Forbidden, Unauthorized
from app.web.i18n import negotiate
from app.web.sessions import drop_session_id, ensure_session_id, session_id, use_session_id

CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class CsrfFailed(AppError):
    status_code = 403
    title = "Sessão expirada"


def _csrf_for(raw: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, b"csrf|" + raw.encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """This browser's CSRF token (its session id is created on first use)."""
    return _csrf_for(ensure_session_id(request))


async def read_form(request: Request) -> FormData:
    """The posted form, parsed once (sync routes get it through this async dependency); 408
    when it does not arrive whole within the read timeout."""
    timeout = get_settings().form_read_timeout_s
    try:
        return await asyncio.wait_for(request.form(), timeout)
    except TimeoutError:
        raise HTTPException(408, f"the form did not arrive within {timeout:g} s") from None


async def check_csrf(request: Request) -> None:
    if request.method not in UNSAFE_METHODS:
        return
    raw = session_id(request)
    sent = (await read_form(request)).get(CSRF_FIELD)
    if not raw or not isinstance(sent, str) or not hmac.compare_digest(sent, _csrf_for(raw)):
        raise CsrfFailed("the form expired or did not come from this site; reload the page")


Posted = Annotated[FormData, Depends(read_form)]


def _resolve(raw: str) -> sessions.Active | None:
    with new_read_session() as session:
        active = sessions.resolve(session, raw)
    if active is not None:
        sessions.touch(active)
    return active


async def load_user(request: Request) -> None:
    """Resolve the signed-in user and the language for every page (before the route's own
    dependencies: app.accounts.deps.optional_user falls back to request.state.user)."""
    request.state.lang = negotiate(request)
    if request.method in UNSAFE_METHODS:
        await read_form(request)  # the body first: no transaction waits on the client
    raw = session_id(request)
    active = await run_in_threadpool(_resolve, raw) if raw else None
    request.state.user = active.user if active else None


def start_session(request: Request, session: Session, user: User) -> None:
    """Sign in: a new session id (and so a new CSRF token); the one before is dropped."""
    use_session_id(request, sessions.start(session, user, previous=session_id(request)))


def end_session(request: Request, session: Session) -> None:
    """Sign out this browser."""
    raw = session_id(request)
    if raw:
        sessions.end(session, raw)
    drop_session_id(request)


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site relative paths: never an open redirect."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def _require(*roles: Role) -> Callable[[Request], User]:
    def dependency(request: Request) -> User:
        user = getattr(request.state, "user", None)
        if user is None:
            raise Unauthorized("sign in to continue")
        if user.role not in roles:
            raise Forbidden("this page is not available to your account")
        return user

    return dependency


SignedIn = Annotated[User, Depends(_require(*Role))]
Contributor = Annotated[User, Depends(_require(Role.contributor, Role.curator, Role.admin))]
Curator = Annotated[User, Depends(_require(Role.curator, Role.admin))]
GovEditor = Annotated[User, Depends(_require(Role.gov_editor, Role.curator, Role.admin))]
