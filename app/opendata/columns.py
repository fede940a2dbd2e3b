"""Columns of the open datasets: one definition for the CSV header, the JSON keys, the offline
bundle's tables and the documentation (OpenAPI and README). Each domain declares its datasets'
columns (app/*/export.py), and optionally their HXL hashtags. Column names are a public
contract: add columns at the end, never rename or remove one."""

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

# "#tag" then "+attribute"s, lower case (HXL 1.1).
HASHTAG = re.compile(r"^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$")
Kind = Literal["text", "int", "float", "bool", "date", "datetime", "list", "object"]


class Format(StrEnum):
    csv = "csv"
    json = "json"
    ndjson = "ndjson"


MEDIA_TYPES = {
    Format.csv: "text/csv; charset=utf-8",
    Format.json: "application/json",
    Format.ndjson: "application/x-ndjson",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    description: str
    # Its HXL hashtag (https://hxlstandard.org), e.g. "#adm2+code": a dataset with tagged
    # columns gets the hashtag row under its CSV header, as HDX and ActivityInfo read it.
    hxl: str = ""


def column(name: str, kind: Kind, description: str, hxl: str = "") -> Column:
    if hxl and not HASHTAG.match(hxl):
        raise ValueError(f"column {name}: {hxl!r} is not an HXL hashtag")
    return Column(name, kind, description, hxl)


def tagged(columns: tuple[Column, ...], tags: dict[str, str]) -> tuple[Column, ...]:
    """These columns with HXL hashtags (shared columns a tagged dataset reuses)."""
    return tuple(column(c.name, c.kind, c.description, tags.get(c.name, c.hxl)) for c in columns)


def hashtags(columns: tuple[Column, ...]) -> list[str] | None:
    """The HXL row of these columns, or None when none is tagged."""
    return [c.hxl for c in columns] if any(c.hxl for c in columns) else None


def markdown_table(columns: tuple[Column, ...]) -> str:
    """The columns as a Markdown table (OpenAPI description; the README copies it)."""
    lines = ["| column | type | meaning |", "|---|---|---|"]
    lines += [f"| `{c.name}` | {c.kind} | {c.description} |" for c in columns]
    return "\n".join(lines)


# The publication dates every curated dataset ends its own columns with (rows.published()).
PUBLICATION = (
    column("published_at", "datetime", "First publication (UTC)"),
    column("updated_at", "datetime", "When the published text was approved (UTC)"),
)
