"""problem+json answers (RFC 9457) for every API error; pages get an HTML error page."""

import logging
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.languages import from_accept_language
from app.core.logs import current_request_id
from app.errors import AppError, field_loc

log = logging.getLogger("partilha.errors")

PROBLEM = "application/problem+json"
TITLES = {
    400: "Requisição inválida",
    401: "Autenticação necessária",
    403: "Acesso negado",
    404: "Não encontrado",
    405: "Método não permitido",
    409: "Conflito",
    413: "Conteúdo grande demais",
    415: "Tipo de conteúdo não suportado",
    422: "Dados inválidos",
    429: "Muitas requisições",
    503: "Serviço indisponível",
}


def problem_body(
    status: int,
    detail: str,
    instance: str | None = None,
    title: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The one shape of a problem (RFC 9457) for every answer and every batch line."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title or TITLES.get(status, "Erro"),
        "status": status,
        "detail": detail,
    }
    if instance is not None:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = errors
    body.update(extra)
    return body


def problem(
    request: Request,
    status: int,
    detail: str,
    title: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    if rid := current_request_id():
        extra["request_id"] = rid  # the same id as the X-Request-ID header and the logs
    title, detail, lang = _in_language(request, status, title or TITLES.get(status, "Erro"), detail)
    body = problem_body(status, detail, request.url.path, title, errors or None, **extra)
    if lang is not None:
        headers = {**(headers or {}), "Content-Language": lang, "Vary": "Accept-Language"}
    return JSONResponse(
        jsonable_encoder(body), status_code=status, media_type=PROBLEM, headers=headers
    )


# The web interface registers how a problem reads in a language (its catalogs hold the words):
# (language, status, title, detail) -> (title, detail).
ProblemWords = Callable[[str, int, str, str], tuple[str, str]]


def _in_language(
    request: Request, status: int, title: str, detail: str
) -> tuple[str, str, str | None]:
    """Title and detail in the language the client's Accept-Language asks for, when it asks
    for one Partilha speaks (without the header: as written, for clients that parse them)."""
    words: ProblemWords | None = getattr(request.app.state, "problem_words", None)
    lang = from_accept_language(request.headers.get("accept-language"))
    if words is None or lang is None:
        return title, detail, None
    title, detail = words(lang, status, title, detail)
    return title, detail, lang


def _clean(errors: list[Any]) -> list[dict[str, Any]]:
    # Never echo the whole input back: it can be 1 MB of text.
    return [
        {
            "loc": field_loc(list(e.get("loc", ())), str(e.get("msg", ""))),
            "msg": e.get("msg", ""),
            "type": e.get("type", ""),
        }
        for e in errors
    ]


# While the database cannot be reached, clients are told to come back instead of "internal error".
DATABASE_RETRY_AFTER_S = 5
DATABASE_DOWN = "the database is unavailable for a moment; try again shortly"
# PostgreSQL: connection exceptions (class 08), shut down or starting (57P01-03), too many
# connections (53300). A statement timeout (57014) or a missing column is not an outage.
_PG_UNAVAILABLE = ("08", "57P01", "57P02", "57P03", "53300")
_SQLITE_UNAVAILABLE = frozenset({10, 14})  # SQLITE_IOERR, SQLITE_CANTOPEN (primary codes)


def database_unavailable(exc: BaseException) -> bool:
    """Whether a database error means it cannot be reached, rather than a bug or a bad query."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated or isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    if hasattr(exc.orig, "sqlstate"):  # psycopg: a failed connection has no SQLSTATE
        state = getattr(exc.orig, "sqlstate", None)
        return state is None or str(state).startswith(_PG_UNAVAILABLE)
    code = getattr(exc.orig, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in _SQLITE_UNAVAILABLE


# The web interface registers a page renderer (app.web.errors):
# (request, status, detail, headers to send) -> page.
HtmlErrorPage = Callable[[Request, int, str, Mapping[str, str] | None], Response]
MACHINE_PATHS = (
    "/api/",
    "/healthz",
    "/readyz",
    "/docs",
    "/redoc",
    "/openapi.json",
    "/static/",
    "/feeds/",
    "/data.json",  # open data: read by programs, errors as problem+json
    "/metrics",
)


def _html_page(request: Request) -> HtmlErrorPage | None:
    """The HTML error renderer, for requests outside the API and probes (None: problem+json)."""
    renderer: HtmlErrorPage | None = getattr(request.app.state, "html_error_page", None)
    if renderer is None or request.url.path.startswith(MACHINE_PATHS):
        return None
    return renderer


def install(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> Response:
        if page := _html_page(request):
            return page(request, exc.status_code, exc.message, exc.headers)
        return problem(
            request, exc.status_code, exc.message, exc.title, exc.errors, exc.headers, **exc.extra
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errors = _clean(list(exc.errors()))
        if page := _html_page(request):
            return page(request, 422, "; ".join(str(e["msg"]) for e in errors), None)
        if any(e["type"] == "json_invalid" for e in errors):
            return problem(request, 400, "the body is not valid JSON", errors=errors)
        return problem(request, 422, "the request has invalid fields", errors=errors)

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> Response:
        if not database_unavailable(exc):
            raise exc  # a bug: logged and answered 500 by the request middleware
        log.warning("database unavailable: %s", type(exc.orig).__name__)
        headers = {"Retry-After": str(DATABASE_RETRY_AFTER_S)}
        if page := _html_page(request):
            return page(request, 503, DATABASE_DOWN, headers)
        return problem(request, 503, DATABASE_DOWN, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if page := _html_page(request):
            return page(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))
        return problem(
            request, exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None)
        )
