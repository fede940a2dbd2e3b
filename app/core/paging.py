"""A capped window over lists that are not paged with page/per_page (small reference lists),
and the page/per_page of those that are."""

from dataclasses import dataclass
from typing import Annotated, Any

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


@dataclass(frozen=True)
class Pages:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


PageNumber = Annotated[int, Query(ge=1, le=10_000)]


def pages(default: int, most: int) -> Any:
    """A dependency reading `page` (1 to 10,000) and `per_page` (1 to `most`, else `default`)
    of a list paged with page/per_page."""

    def read(
        page: PageNumber = 1, per_page: Annotated[int, Query(ge=1, le=most)] = default
    ) -> Pages:
        return Pages(page, per_page)

    return Depends(read)
