"""Text as people type it: accents from phones often arrive decomposed (NFD) and fields carry
stray spaces; every submitted model stores NFC, trimmed, so search, uniqueness and diffs agree."""

import unicodedata
from typing import Any

from pydantic import model_validator
from sqlmodel import SQLModel


def nfc(value: Any) -> Any:
    """Strings in NFC without surrounding spaces, inside lists and dicts too."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: nfc(v) for k, v in value.items()}
    return value


class NormalisedText(SQLModel):
    """A submitted model whose text fields are normalised before validation."""

    @model_validator(mode="before")
    @classmethod
    def _normalised(cls, data: Any) -> Any:
        return nfc(data) if isinstance(data, dict) else data
