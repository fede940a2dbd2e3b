"""Browser sessions and CSRF tokens (the sign-in limit is app.ratelimits', shared with the API).

The session is a signed cookie (Starlette's SessionMiddleware, itsdangerous) holding only the
user id, when they signed in and the CSRF token. Every POST from a page carries the token in a
hidden field; `check_csrf` (a dependency of every web router) refuses a POST without it."""

import hmac
import secrets
import time
from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from starlette.datastructures import FormData

from app.accounts import service as accounts
from app.accounts.models import Role, User
from app.db import SessionDep
from app.errors import AppError, Forbidden, Unauthorized
from app.web.i18n import negotiate

SESSION_COOKIE = "partilha_session"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class CsrfFailed(AppError):
    status_code = 403
    title = "Sessão expirada"


def csrf_token(request: Request) -> str:
    """This session's CSRF token, created on first use (the cookie is then set)."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


async def check_csrf(request: Request) -> None:
    if request.method not in UNSAFE_METHODS:
        return
    expected = request.session.get("csrf")
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise CsrfFailed("the form expired or did not come from this site; reload the page")


async def read_form(request: Request) -> FormData:
    """The posted form (parsed once; sync routes get it through this async dependency)."""
    return await request.form()


Posted = Annotated[FormData, Depends(read_form)]


def load_user(request: Request, session: SessionDep) -> None:
    """Resolve the signed-in user and the language for every page (before the route's own
    dependencies: app.accounts.deps.optional_user falls back to request.state.user)."""
    request.state.lang = negotiate(request)
    user_id = request.session.get("uid")
    user = accounts.user_for_session(session, user_id) if isinstance(user_id, int) else None
    if user_id is not None and user is None:
        request.session.pop("uid", None)  # deactivated or deleted meanwhile
    request.state.user = user


def start_session(request: Request, user: User) -> None:
    """Sign in: a fresh session (new CSRF token) so nothing from before carries over."""
    request.session.clear()
    request.session["uid"] = user.id
    request.session["since"] = int(time.time())
    request.session["csrf"] = secrets.token_urlsafe(32)


def end_session(request: Request) -> None:
    request.session.clear()


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
