"""Lean GET routes for the hot path: the operation is declared and documented as a FastAPI
route, and served by a plain Starlette route placed before it that parses the query string
with one pydantic call. FastAPI's per-request dependency solving and query-model parsing took
a fifth of the app's CPU per search (py-spy, bench/load.py); what they did is kept: the same
validation, the same 422 problem (a RequestValidationError through the same handler), the
same middlewares and exception handlers around it."""

from collections.abc import Awaitable, Callable
from functools import cache
from typing import Any, TypeVar, get_origin

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.routing import Route

Endpoint = Callable[[Request], Awaitable[Response]]
M = TypeVar("M", bound=BaseModel)


@cache
def _repeatable(model: type[BaseModel]) -> frozenset[str]:
    """The parameters that may repeat (list fields): every value is kept, in order."""
    return frozenset(
        field.alias or name
        for name, field in model.model_fields.items()
        if get_origin(field.annotation) in (list, set, tuple)
    )


def parse_query(model: type[M], request: Request) -> M:
    """The query string as `model`, as FastAPI reads a query model: a repeatable parameter
    keeps every value, another its last, an unknown one is handed to the model (which
    refuses it); errors are located in "query" like FastAPI's."""
    repeatable, values = _repeatable(model), dict[str, Any]()
    for key, value in request.query_params.multi_items():
        if key in repeatable:
            values.setdefault(key, []).append(value)
        else:
            values[key] = value
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        raise RequestValidationError([{**e, "loc": ("query", *e["loc"])} for e in errors]) from None


def serve_first(app: FastAPI, path: str, endpoint: Endpoint) -> None:
    """Serve GET `path` with `endpoint`, ahead of every route (the documented one included)."""
    app.router.routes.insert(0, Route(path, endpoint, methods=["GET"]))
