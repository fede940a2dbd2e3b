"""Parsing the NDJSON body of POST /api/v1/practices/batch, one line at a time, and the
problem+json-like answer of a line that cannot be created. Pure code: no database."""

import json
import logging
from typing import Any, Protocol

from pydantic import ValidationError

from app.core.limits import nests_deeper
from app.core.logs import current_request_id
from app.core.problems import problem_body
from app.core.text import TOO_DEEP
from app.errors import AppError, InvalidInput
from app.practices.models import BatchLine, BatchLineResult, BatchResult, BatchStatus

log = logging.getLogger("partilha.errors")

BATCH_PATH = "/api/v1/practices/batch"
BATCH_MAX_BYTES = 20_000_000
MAX_LINES = 1000
MEDIA_TYPE = "application/x-ndjson"


class Budget(Protocol):
    """What creating a line costs against the submission limits (app/accounts/limits.py)."""

    def check(self) -> None: ...  # raises TooManyRequests when the budget is used up

    def spend(self) -> None: ...


class Unlimited:
    """No budget: for callers outside an HTTP request (the limits are per client)."""

    def check(self) -> None:
        return None

    def spend(self) -> None:
        return None


UNLIMITED = Unlimited()


class UnsupportedMediaType(AppError, status=415, title="Tipo de conteúdo não suportado"):
    """A batch sent as anything but NDJSON."""


def check_media_type(content_type: str | None) -> None:
    if (content_type or "").split(";")[0].strip().lower() != MEDIA_TYPE:
        raise UnsupportedMediaType(f"send the batch as {MEDIA_TYPE}: one JSON object per line")


def split_lines(body: bytes) -> list[tuple[int, str]]:
    """(line number, text) of every non-blank line, or 422 for the whole body."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput.field(
            ["body"], f"the body is not UTF-8 (byte {exc.start})", "encoding"
        ) from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not lines:
        raise InvalidInput.field(["body"], "the batch has no lines", "missing")
    if len(lines) > MAX_LINES:
        raise InvalidInput.field(
            ["body"],
            f"a batch has at most {MAX_LINES} lines, this one has {len(lines)}",
            "too_long",
        )
    return lines


def problem(status: int, title: str, detail: str, errors: list[dict[str, Any]]) -> dict[str, Any]:
    """A line's problem: the API's problem shape, its field errors always listed."""
    return problem_body(status, detail, title=title, errors=errors)


def invalid(number: int, external_id: str | None, body: dict[str, Any]) -> BatchLineResult:
    return BatchLineResult(line=number, external_id=external_id, status="invalid", problem=body)


def from_error(number: int, external_id: str | None, exc: AppError) -> BatchLineResult:
    # The error's extras too: a 429 line says when to send it again (retry_after, limit).
    body = problem_body(exc.status_code, exc.message, title=exc.title, errors=exc.errors)
    return invalid(number, external_id, {**exc.extra, **body})


def failed(number: int, text: str) -> BatchLineResult:
    """The result of a line that failed in an unexpected way (a bug, not the partner's data):
    it was not created, the other lines keep theirs; logged with the request id to quote."""
    log.error("batch line %d failed", number, exc_info=True)
    try:
        external_id = _external_id(json.loads(text))
    except ValueError:
        external_id = None
    detail = "this line failed unexpectedly and was not created; send it again later"
    body = problem_body(500, detail, title="Erro interno", request_id=current_request_id())
    return invalid(number, external_id, body)


def _external_id(raw: Any) -> str | None:
    value = raw.get("external_id") if isinstance(raw, dict) else None
    return value if isinstance(value, str) and 0 < len(value) <= 200 else None


def parse_line(number: int, text: str) -> tuple[BatchLine | None, BatchLineResult | None]:
    """The validated line, or its `invalid` result (the same rules as POST /practices)."""
    if nests_deeper(text):  # the parser would recurse once per level, out of stack
        error = {"loc": ["line", number], "msg": TOO_DEEP, "type": "too_deep"}
        return None, invalid(number, None, problem(422, "Dados inválidos", TOO_DEEP, [error]))
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        error = {
            "loc": ["line", number],
            "msg": f"not valid JSON: {exc.msg}",
            "type": "json_invalid",
        }
        return None, invalid(
            number, None, problem(400, "Requisição inválida", "the line is not valid JSON", [error])
        )
    if not isinstance(raw, dict):
        error = {"loc": ["body"], "msg": "each line is one JSON object", "type": "object_type"}
        return None, invalid(
            number, None, problem(422, "Dados inválidos", "the line is not an object", [error])
        )
    try:
        return BatchLine.model_validate(raw), None
    except ValidationError as exc:
        errors = [
            {"loc": ["body", *e["loc"]], "msg": e["msg"], "type": e["type"]} for e in exc.errors()
        ]
        return None, invalid(
            number,
            _external_id(raw),
            problem(422, "Dados inválidos", "the line has invalid fields", errors),
        )


def outcome(
    number: int, line: BatchLine, status: BatchStatus, practice_id: int | None
) -> BatchLineResult:
    return BatchLineResult(
        line=number, external_id=line.external_id, status=status, practice_id=practice_id
    )


def summary(results: list[BatchLineResult]) -> BatchResult:
    counts = {s: sum(r.status == s for r in results) for s in ("created", "duplicate", "invalid")}
    return BatchResult(**counts, results=results)
