"""The outermost middleware: a request id for every request (echoed in X-Request-ID and
carried by every log line written while serving it), one access line and the latency metric.

Access lines name the route template (/api/v1/practices/{practice_id}), never the raw path
or its query string (a search text may hold a name or an e-mail), and the client only as a
truncated keyed hash (enough to tell one client's requests apart, not to learn its address)."""

import hashlib
import hmac
import logging
import time
from functools import lru_cache
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core import logs
from app.core.instruments import REQUEST_DURATION
from app.core.problems import PROBLEM, problem_body

log = logging.getLogger("partilha.access")
error_log = logging.getLogger("partilha.errors")

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Probes and scrapes every few seconds: their successful lines are DEBUG, not INFO.
QUIET = frozenset({"/healthz", "/readyz", "/metrics"})
UNMATCHED = "unmatched"  # one label for every unknown path: paths are unbounded


def route_template(scope: Scope, path: str, root_path: str) -> str:
    """The template of the route that served (or would have served) the request; `path` and
    `root_path` as they arrived (a mount rewrites them in the scope)."""
    route = scope.get("route")
    if route is not None and hasattr(route, "path_format"):
        return str(route.path_format)
    # Not an API route: a mount (/static), or refused before routing (413, 405, 404).
    arrived = {**scope, "path": path, "root_path": root_path}
    for candidate in getattr(scope.get("app"), "routes", ()):
        match, _ = candidate.matches(arrived)
        if match != Match.NONE and hasattr(candidate, "path_format"):
            return str(candidate.path_format)
    return UNMATCHED


@lru_cache(maxsize=4096)  # one HMAC per request was the access line's dearest part
def _client_hash(key: bytes, address: str) -> str:
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:12]


class RequestMiddleware:
    def __init__(self, app: ASGIApp, secret_key: str, machine_paths: tuple[str, ...]) -> None:
        self.app = app
        self.key = secret_key.encode()
        self.machine_paths = machine_paths

    def client_hash(self, scope: Scope) -> str | None:
        client = scope.get("client")
        if not client:
            return None
        return _client_hash(self.key, str(client[0]))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = logs.accept_id(Headers(scope=scope).get("x-request-id"))
        scope.setdefault("state", {})["request_id"] = rid
        status, started = 500, False

        async def send_with_id(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
                MutableHeaders(scope=message)["X-Request-ID"] = rid
            await send(message)

        path, root_path = scope.get("path", ""), scope.get("root_path", "")
        start = time.perf_counter()
        with logs.request_id(rid):
            try:
                await self.app(scope, receive, send_with_id)
            except Exception as exc:
                error_log.error("unhandled error", exc_info=True)
                exc.partilha_logged = True  # type: ignore[attr-defined]
                if not started:
                    await self.error_response(scope, rid)(scope, receive, send_with_id)
                raise
            finally:
                route = route_template(scope, path, root_path)
                self.record(scope, route, status, time.perf_counter() - start)

    def error_response(self, scope: Scope, rid: str) -> Response:
        path = scope.get("path", "")
        # The server closes the connection after an unhandled error: say so, so a client keeping
        # it alive opens a new one instead of meeting a dropped socket on its next request.
        headers = {"X-Request-ID": rid, "Connection": "close"}
        if not path.startswith(self.machine_paths):
            return PlainTextResponse(f"Internal Server Error ({rid})", 500, headers=headers)
        detail = "internal error; quote the request id when reporting it"
        body = problem_body(500, detail, path, "Erro interno", request_id=rid)
        return JSONResponse(body, 500, headers=headers, media_type=PROBLEM)

    def record(self, scope: Scope, route: str, status: int, seconds: float) -> None:
        method = scope["method"] if scope["method"] in METHODS else "OTHER"
        REQUEST_DURATION.labels(method, route, str(status)).observe(seconds)
        level = logging.INFO
        if status >= 500:
            level = logging.ERROR
        elif route in QUIET and status < 400:
            level = logging.DEBUG
        fields: dict[str, Any] = {
            "method": method,
            "route": route,
            "status": status,
            "duration_ms": round(seconds * 1000, 1),
            "client": self.client_hash(scope),
        }
        log.log(level, "%s %s %d %.1fms", method, route, status, seconds * 1000, extra=fields)
