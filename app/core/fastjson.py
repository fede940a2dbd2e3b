"""JSON answers written by orjson, for routes that hand back plain data they already shaped
(the search hot path). Routes with a response model need nothing: FastAPI writes those with
pydantic-core straight to bytes (its ORJSONResponse is deprecated for that reason)."""

from typing import Any

import orjson
from starlette.responses import Response


def dumps(data: Any) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)


def json_response(
    data: Any, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(dumps(data), status_code, headers, media_type="application/json")
