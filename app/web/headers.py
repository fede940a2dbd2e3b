"""Security headers, in one place for every answer (pages and API):

- HTML pages get a strict Content-Security-Policy (no inline script or style, nothing from
  other origins) as a second barrier behind escaping and sanitising;
- an answer to a request that carries credentials (a bearer token, an API key, a session or
  any other cookie but the language choice), or that sets a cookie, is `Cache-Control:
  no-store`: it may hold private data (a contact shown to its organisation), and no browser
  or proxy cache may keep it. An answer its route declared `public` (the same for everyone)
  keeps its own caching;
- when the public address is https, every answer says `Strict-Transport-Security`."""

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import get_settings
from app.core.asgi import HttpMiddleware
from app.web.i18n import LANG_COOKIE

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
HSTS = "max-age=31536000"  # a year; subdomains are the operator's to decide
NO_STORE = "no-store"
CREDENTIAL_HEADERS = ("authorization", "x-api-key")
ANONYMOUS_COOKIES = frozenset({LANG_COOKIE})


def carries_credentials(scope: Scope) -> bool:
    """The request may be authenticated: a credential header or a cookie other than the
    language (the session cookie, whatever its name; sign-in and CSRF cookies alike)."""
    headers = Headers(scope=scope)
    if any(name in headers for name in CREDENTIAL_HEADERS):
        return True
    for cookie in headers.getlist("cookie"):
        names = {part.split("=", 1)[0].strip() for part in cookie.split(";")}
        if names - ANONYMOUS_COOKIES - {""}:
            return True
    return False


class PageHeadersMiddleware(HttpMiddleware):
    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app)
        self.hsts = get_settings().public_base_url.lower().startswith("https://")

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        private = carries_credentials(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if headers.get("content-type", "").startswith("text/html"):
                    for name, value in HEADERS.items():
                        headers.setdefault(name, value)
                if self.hsts:
                    headers.setdefault("Strict-Transport-Security", HSTS)
                declared = headers.get("cache-control", "").lower()
                if "set-cookie" in headers or (private and "public" not in declared):
                    headers["Cache-Control"] = NO_STORE
            await send(message)

        await self.app(scope, receive, send_with_headers)
