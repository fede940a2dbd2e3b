"""A thing looked up by its key: the row, or the one 404 every use case answers when it is not
there ("need 12 not found")."""

from typing import TypeVar

from app.errors import NotFound

Row = TypeVar("Row")


def existing(row: Row | None, what: str, key: object) -> Row:
    """`row`, or a 404 naming what was looked for and its key."""
    if row is None:
        raise NotFound(f"{what} {key} not found")
    return row
