"""What a request may carry: a body size limit, enforced while reading so a huge body is
refused before it is buffered, no NUL characters (PostgreSQL text cannot hold U+0000) and no
JSON nested deeper than MAX_JSON_DEPTH (parsing it would exhaust the stack)."""

import json
import re
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.asgi import HttpMiddleware
from app.core.logs import current_request_id
from app.core.problems import problem_body
from app.core.text import MAX_JSON_DEPTH, TOO_DEEP


class BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, default: int, per_path: Callable[[str], int | None]):
        self.app = app
        self.default = default
        self.per_path = per_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.per_path(scope["path"]) or self.default
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(scope, send, limit)
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _too_large(scope, send, limit)


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    detail = f"the request body exceeds {limit} bytes"
    await _problem(scope, send, 413, "Conteúdo grande demais", detail)


NUL_DETAIL = "the request contains a NUL character (U+0000), which no text field accepts"
# Raw, JSON-escaped and form-encoded spellings of U+0000.
NUL_SPELLINGS = (b"\x00", b"\\u0000")


# A JSON string (escapes included), whose brackets are text, not nesting.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = bytes(sorted(set(range(256)) - set(b"[]{}")))
_OPENING = frozenset(b"[{")


def nests_deeper(raw: bytes | str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON text nests arrays and objects more than `limit` levels deep, told without
    parsing it (parsers recurse once per level). Invalid JSON counts its unclosed brackets."""
    data = raw.encode() if isinstance(raw, str) else raw
    brackets = _JSON_STRING.sub(b"", data).translate(None, _NOT_BRACKET)
    if len(brackets) <= limit:
        return False  # the usual body: a few brackets, no walk needed
    depth = 0
    for byte in brackets:
        depth += 1 if byte in _OPENING else -1
        if depth > limit:
            return True
    return False


def _is_json(content_type: bytes) -> bool:
    # FastAPI parses a body with no content type as JSON too.
    media = content_type.split(b";")[0].strip().lower()
    return media in (b"", b"application/json") or media.endswith(b"+json")


class NulGuardMiddleware(HttpMiddleware):
    """Refuse a request whose path, query or body carries U+0000 with a 400 problem, before
    any route sees it: PostgreSQL would fail on it (a 500) and SQLite would store it. A JSON
    body nested deeper than MAX_JSON_DEPTH is a 422 naming the limit, whatever its depth.

    The body is read whole and replayed: it sits inside BodyLimitMiddleware, so it is bounded
    (routes read JSON and forms whole anyway). Multipart uploads stream through unchecked."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if "\x00" in scope["path"] or b"%00" in scope.get("query_string", b""):
            await _problem(scope, send, 400, "Requisição inválida", NUL_DETAIL)
            return
        content_type = dict(scope.get("headers") or []).get(b"content-type", b"")
        if content_type.startswith(b"multipart/form-data"):
            # Uploaded files are bytes; their handler decodes and judges them (the CSV import
            # names a UTF-16 spreadsheet export instead of a bare 400).
            await self.app(scope, receive, send)
            return
        form = content_type.startswith(b"application/x-www-form-urlencoded")
        spellings = (*NUL_SPELLINGS, b"%00") if form else NUL_SPELLINGS
        first, body = await _read_body(receive)
        if any(s in body for s in spellings):
            await _problem(scope, send, 400, "Requisição inválida", NUL_DETAIL)
            return
        if _is_json(content_type) and nests_deeper(body):
            error = {"loc": ["body"], "msg": TOO_DEEP, "type": "too_deep"}
            await _problem(scope, send, 422, "Dados inválidos", TOO_DEEP, [error])
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()  # waits for the disconnect, as the server's would
            replayed = True
            return first if first["type"] != "http.request" else {**first, "body": body}

        await self.app(scope, replay, send)


async def _read_body(receive: Receive) -> tuple[Message, bytes]:
    """(the message to hand on first, the whole body): a disconnect is handed on as it is."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return message, b""
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return {"type": "http.request", "more_body": False}, b"".join(chunks)


async def _problem(
    scope: Scope,
    send: Send,
    status: int,
    title: str,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
) -> None:
    # Inside the request middleware: the id it echoes in X-Request-ID, as every problem has.
    body = problem_body(
        status, detail, scope["path"], title, errors, request_id=current_request_id()
    )
    raw = json.dumps(body, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(raw)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": raw})
