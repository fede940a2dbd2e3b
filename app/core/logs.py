"""Logging: one JSON object per line (text in dev), each line with the id of the request or
background pass that wrote it, and a filter that redacts e-mail addresses and credentials
whatever a caller passes (a safety net: code must not log personal data in the first place).

Installed by create_app(), the CLI and uvicorn's --log-config (app/core/logging.yaml)."""

import json
import logging
import re
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TextIO

_request_id: ContextVar[str | None] = ContextVar("partilha_request_id", default=None)
SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

# (what must appear in the lower-cased text for the pattern to be worth running, pattern,
# replacement): most lines hold none of them and cost a few substring checks.
REDACTIONS = (
    # e-mail addresses, also percent-encoded ones from a URL
    (("@", "%40"), re.compile(r"[\w.%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), "[email]"),
    (("bearer", "basic"), re.compile(r"(?i)\b(bearer|basic)\s+[\w.~+/=-]+"), r"\1 [redacted]"),
    (("ptk_",), re.compile(r"\bptk_[\w-]+"), "ptk_[redacted]"),  # API keys
    (("eyj",), re.compile(r"\beyJ[\w-]+\.[\w-]+\.[\w-]*"), "[jwt]"),  # bearer tokens
    (
        ("=",),
        re.compile(r"(?i)\b(password|passwd|secret|token|api_key)=[^&\s\"']+"),
        r"\1=[redacted]",
    ),
)
# LogRecord attributes that are not `extra` fields of a line.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request_id",
    "color_message",  # uvicorn's copy of the message with terminal colours
    "taskName",
}


def new_id(prefix: str = "") -> str:
    return f"{prefix}{uuid.uuid4().hex[: 12 if prefix else 32]}"


def accept_id(value: str | None) -> str:
    """An incoming X-Request-ID when it is short and safe to echo, else a new one."""
    return value if value is not None and SAFE_ID.fullmatch(value) else new_id()


def current_request_id() -> str | None:
    return _request_id.get()


@contextmanager
def request_id(value: str) -> Iterator[str]:
    """Every line logged inside (in this thread or task) carries `value` as its request_id."""
    token = _request_id.set(value)
    try:
        yield value
    finally:
        _request_id.reset(token)


@contextmanager
def task_id(prefix: str) -> Iterator[str]:
    """For background work (an outbox pass, a webhook pass): keep the id of the request or
    pass that runs it, else give it its own "<prefix><12 hex>"."""
    current = _request_id.get()
    if current is not None:
        yield current
        return
    with request_id(new_id(prefix)) as value:
        yield value


def redact(text: str) -> str:
    lower = text.lower()
    for triggers, pattern, replacement in REDACTIONS:
        if any(t in lower for t in triggers):
            text = pattern.sub(replacement, text)
    return text


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = _request_id.get()
        return True


class RedactFilter(logging.Filter):
    """Rewrites the message and the traceback text before any formatter sees them."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: log it as it is
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class DropReRaisedFilter(logging.Filter):
    """uvicorn logs every unhandled error again; the request middleware already logged it
    with the request id (and marked it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not getattr(exc, "partilha_logged", False)


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        created = datetime.fromtimestamp(record.created, UTC)
        line: dict[str, Any] = {
            "timestamp": created.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        line.update(_extras(record))
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")

    def format(self, record: logging.LogRecord) -> str:
        if getattr(record, "request_id", None) is None:
            record.request_id = "-"
        return super().format(record)


class StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to the sys.stderr of the moment (pytest swaps it per test)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def make_handler(fmt: str) -> logging.Handler:
    handler = StderrHandler()
    handler.set_name("partilha")
    for f in (RequestIdFilter(), RedactFilter(), DropReRaisedFilter()):
        handler.addFilter(f)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    return handler


def configure(fmt: str = "json", level: str = "INFO") -> None:
    """Route every logger through one handler on the root logger; safe to call again."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "partilha"]:
        root.removeHandler(old)
    root.addHandler(make_handler(fmt))
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    # The request middleware writes the access lines: method, route template, status, duration,
    # never the raw path with its query string nor the client's address.
    access = logging.getLogger("uvicorn.access")
    access.handlers.clear()
    access.propagate = False
    # httpx logs each request's full URL at INFO: webhook URLs may hold a partner's token.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def env_formatter() -> logging.Formatter:
    """For app/core/logging.yaml: the formatter PARTILHA_LOG_FORMAT / PARTILHA_ENV ask for."""
    from app.config import get_settings

    try:
        fmt = get_settings().effective_log_format
    except ValueError:  # invalid settings: the app reports them itself when it starts
        fmt = "json"
    return JsonFormatter() if fmt == "json" else TextFormatter()
