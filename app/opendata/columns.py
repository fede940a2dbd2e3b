"""Columns of the open datasets: one definition for the CSV header, the JSON keys, the offline
bundle's tables and the documentation (OpenAPI and README). Each domain declares its datasets'
columns (app/*/export.py). Column names are a public contract: add columns at the end, never
rename or remove one."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

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


def column(name: str, kind: Kind, description: str) -> Column:
    return Column(name, kind, description)


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
