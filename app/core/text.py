"""Text as people type it: accents from phones often arrive decomposed (NFD) and fields carry
stray spaces; every submitted model stores NFC, trimmed, so search, uniqueness and diffs agree."""

import unicodedata
from collections.abc import Iterable
from typing import Any

from pydantic import model_validator
from sqlmodel import SQLModel

# No submitted model nests anywhere near this deep; past it, recursive code (the JSON parser,
# nfc) would exhaust Python's stack and answer 500. Enforced on the raw body (app.core.limits)
# and here, for models validated from elsewhere (a batch line, a form).
MAX_JSON_DEPTH = 32
TOO_DEEP = f"the JSON nests arrays and objects more than {MAX_JSON_DEPTH} levels deep"


def nfc(value: Any, depth: int = 0) -> Any:
    """Strings in NFC without surrounding spaces, inside lists and dicts too (ValueError past
    MAX_JSON_DEPTH levels, which validation reports as a 422)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, list | dict) and depth >= MAX_JSON_DEPTH:
        raise ValueError(TOO_DEEP)
    if isinstance(value, list):
        return [nfc(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {k: nfc(v, depth + 1) for k, v in value.items()}
    return value


class NormalisedText(SQLModel):
    """A submitted model whose text fields are normalised before validation."""

    @model_validator(mode="before")
    @classmethod
    def _normalised(cls, data: Any) -> Any:
        return nfc(data) if isinstance(data, dict) else data


def count_listed(keys: Iterable[str]) -> dict[str, int]:
    """How many rows name each value, from the rows' "|a|b|" list keys (the form the themes
    and UF lists take in a column that SQL can filter with LIKE '%|a|%')."""
    counts: dict[str, int] = {}
    for key in keys:
        for value in filter(None, key.split("|")):
            counts[value] = counts.get(value, 0) + 1
    return counts
