"""problem+json answers (RFC 9457) for every API error; pages get an HTML error page."""

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.logs import current_request_id
from app.errors import AppError, field_loc

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
    body = problem_body(status, detail, request.url.path, title, errors or None, **extra)
    return JSONResponse(
        jsonable_encoder(body), status_code=status, media_type=PROBLEM, headers=headers
    )


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

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if page := _html_page(request):
            return page(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))
        return problem(
            request, exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None)
        )
