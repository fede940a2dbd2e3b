"""The browser's two cookies: the session id and the one-time notice.

`partilha_session` holds a random id and nothing else. Signed in, app.accounts.sessions keeps
what it names (stored hashed); before sign-in it names nothing and only keys the CSRF token of
the sign-in form. It rotates at sign-in and is dropped at sign-out. `partilha_notice` carries
the message id of a notice for the next page, signed so no other site can plant one. Both are
HttpOnly and SameSite=Lax, and Secure unless the site runs over plain http outside prod."""

import base64
import binascii
import hashlib
import hmac
import re

from fastapi import Request
from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from app.accounts import sessions
from app.config import get_settings
from app.core.asgi import HttpMiddleware
from app.web.i18n import LANG_COOKIE

SESSION_COOKIE = "partilha_session"
NOTICE_COOKIE = "partilha_notice"
_OUT = "partilha.set_cookies"  # scope key: the Set-Cookie headers this response adds
_STATE = "partilha.session_id"  # scope key: the id as this request changed it (None: dropped)
_ID = re.compile(r"^[A-Za-z0-9_-]{43}$")


class CookieMiddleware(HttpMiddleware):
    """Adds the cookies set during the request to its response, error pages included."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        out: dict[str, str] = {}
        scope[_OUT] = out

        async def send_with_cookies(message: Message) -> None:
            if message["type"] == "http.response.start" and out:
                headers = MutableHeaders(scope=message)
                for header in out.values():
                    headers.append("set-cookie", header)
            await send(message)

        await self.app(scope, receive, send_with_cookies)


def _set(request: Request, name: str, value: str, max_age: int) -> None:
    settings = get_settings()
    secure = settings.public_base_url.startswith("https") or settings.env == "prod"
    shaped = Response()
    shaped.set_cookie(
        name, value, max_age=max_age, path="/", secure=secure, httponly=True, samesite="lax"
    )
    request.scope.setdefault(_OUT, {})[name] = shaped.headers["set-cookie"]


def session_id(request: Request) -> str | None:
    """The browser's session id (as this request left it), or None."""
    if _STATE in request.scope:
        changed: str | None = request.scope[_STATE]
        return changed
    raw = request.cookies.get(SESSION_COOKIE, "")
    return raw if _ID.match(raw) else None


def ensure_session_id(request: Request) -> str:
    """The browser's id, or a new one (before sign-in: it keys the form's CSRF token)."""
    raw = session_id(request)
    if raw is None:
        raw = sessions.new_id()
        use_session_id(request, raw)
    return raw


def use_session_id(request: Request, raw: str) -> None:
    """Give the browser this id from now on (a new one at sign-in)."""
    request.scope[_STATE] = raw
    _set(request, SESSION_COOKIE, raw, get_settings().session_absolute_hours * 3600)


def drop_session_id(request: Request) -> None:
    request.scope[_STATE] = None
    _set(request, SESSION_COOKIE, "", 0)


def _signature(value: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, b"notice|" + value.encode(), hashlib.sha256).hexdigest()[:32]


def set_notice(request: Request, msgid: str) -> None:
    value = base64.urlsafe_b64encode(msgid.encode()).decode().rstrip("=")
    _set(request, NOTICE_COOKIE, f"{value}.{_signature(value)}", 600)


def take_notice(request: Request) -> str | None:
    """The notice left for this page, once: the cookie is cleared as it is read."""
    raw = request.cookies.get(NOTICE_COOKIE)
    if not raw or NOTICE_COOKIE in request.scope.get(_OUT, {}):
        return None
    _set(request, NOTICE_COOKIE, "", 0)
    value, _, signature = raw.partition(".")
    if not hmac.compare_digest(signature, _signature(value)):
        return None
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None


def remember_language(request: Request, lang: str) -> None:
    """The interface language for this browser, for a year (the switch, the account page)."""
    _set(request, LANG_COOKIE, lang, 365 * 24 * 3600)
