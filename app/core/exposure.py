"""A development server stays on this machine. With the development secret anyone can sign a
token for any account, and in dev the demo accounts have public passwords: app.config refuses
PARTILHA_HOST beyond loopback then, and this middleware refuses every connection that reached
the server on another address (uvicorn started by hand with --host 0.0.0.0), with a 503."""

import ipaddress
import json

from starlette.types import Receive, Scope, Send

from app.config import Settings, is_loopback
from app.core.asgi import HttpMiddleware
from app.core.logs import current_request_id
from app.core.problems import problem_body

DETAIL = (
    "this server runs with the development secret or PARTILHA_ENV=dev and answers only on "
    "loopback; set PARTILHA_SECRET_KEY (32+ random characters) and PARTILHA_ENV=prod"
)


def needs_loopback(settings: Settings) -> bool:
    return settings.uses_dev_secret or settings.env == "dev"


def _arrived_from_outside(scope: Scope) -> bool:
    """Whether the connection reached a non-loopback address of this machine (a Unix socket
    or a name, as test clients give, is local)."""
    server = scope.get("server")
    host = str(server[0]) if server else ""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return not is_loopback(host)


class LoopbackOnlyMiddleware(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _arrived_from_outside(scope):
            await self.app(scope, receive, send)
            return
        title = "Serviço indisponível"
        body = problem_body(503, DETAIL, scope["path"], title, request_id=current_request_id())
        raw = json.dumps(body, ensure_ascii=False).encode()
        headers = [
            (b"content-type", b"application/problem+json"),
            (b"content-length", str(len(raw)).encode()),
        ]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": raw})
