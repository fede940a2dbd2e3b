"""Application errors raised by services; translated to problem+json (API) or pages (web)."""

import re
from typing import Any, Self

# A model-level check names the field it is about first ("end_date: ..."): its loc gets it.
_NAMED_FIELD = re.compile(r"^Value error, ([a-z_][a-z0-9_]*): ")


def field_loc(loc: list[Any], msg: str) -> list[Any]:
    """The error's location, with the field a model-level check names in its message."""
    named = _NAMED_FIELD.match(msg)
    return [*loc, named.group(1)] if named and named.group(1) not in loc else loc


class AppError(Exception):
    """A service's refusal. A subclass states its answer in its header:
    `class NotFound(AppError, status=404, title="Não encontrado")`."""

    status_code = 400
    title = "Requisição inválida"
    headers: dict[str, str] | None = None  # sent with the answer (API and pages alike)

    def __init_subclass__(cls, *, status: int | None = None, title: str | None = None) -> None:
        super().__init_subclass__()
        if status is not None:
            cls.status_code = status
        if title is not None:
            cls.title = title

    def __init__(self, message: str, *, errors: list[dict[str, Any]] | None = None, **extra: Any):
        super().__init__(message)
        self.message = message
        self.errors = errors or []
        self.extra = extra

    @classmethod
    def field(cls, loc: list[str | int], message: str, kind: str = "invalid") -> Self:
        """This error about one named field: pages show it beside that field, like an invalid
        value, and the problem's `errors` names it."""
        return cls(message, errors=[{"loc": loc, "msg": message, "type": kind}])


class NotFound(AppError, status=404, title="Não encontrado"):
    """No such thing (or none this user may see)."""


class Forbidden(AppError, status=403, title="Acesso negado"):
    """Known, but this user may not do it."""


class ForbiddenValue(Forbidden):
    """A value this user may not set (e.g. consent on someone else's behalf): the field is
    named (`ForbiddenValue.field`), so forms show the refusal beside it like an invalid value."""


class Unauthorized(AppError, status=401, title="Autenticação necessária"):
    """Nobody signed in, or the credentials are not valid."""


class Conflict(AppError, status=409, title="Conflito"):
    """Not in the state this asks for (taken, already decided, a newer version)."""


class InvalidInput(AppError, status=422, title="Dados inválidos"):
    """Semantic validation failure of a payload (unknown slug, inconsistent values)."""

    @classmethod
    def from_validation(cls, exc: Any, prefix: str = "body") -> "InvalidInput":
        """A pydantic ValidationError raised by a service (e.g. a patch merged into the stored
        content) as the same 422 a request body gets, each field named."""
        errors = [
            {
                "loc": field_loc([prefix, *e.get("loc", ())], e.get("msg", "")),
                "msg": e.get("msg", ""),
                "type": e.get("type", ""),
            }
            for e in exc.errors()
        ]
        return cls("the request has invalid fields", errors=errors)


class ServiceUnavailable(AppError, status=503, title="Serviço indisponível"):
    """A service it depends on (e.g. search) does not answer; try again later."""


class TooManyRequests(AppError, status=429, title="Muitas requisições"):
    """An abuse limit was reached (app.ratelimits); the client may retry after `retry_after` s."""

    def __init__(self, message: str, *, retry_after: int, **extra: Any):
        super().__init__(message, retry_after=retry_after, **extra)
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}
