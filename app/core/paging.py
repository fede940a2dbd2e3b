"""A capped window over lists that are not paged with page/per_page (small reference lists)."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query

from app.db import MAX_INT

MAX_LIMIT = 500


@dataclass(frozen=True)
class Window:
    limit: int
    offset: int


def _window(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="at most this many items")] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_INT, description="skip this many first")] = 0,
) -> Window:
    return Window(limit, offset)


WindowDep = Annotated[Window, Depends(_window)]
