"""Columns of the open datasets: one definition for the CSV header, the JSON keys, the offline
bundle's tables and the documentation (OpenAPI and README). Each domain declares its datasets'
columns (a table in app/*/datasets.yaml, or app/*/export.py), and optionally their HXL
hashtags. Column names are a public contract: add columns at the end, never rename or remove
one."""

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, cast, get_args

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


def table(text: str) -> tuple[Column, ...]:
    """Columns written as a table, a line each: name, kind, the HXL hashtag if any, then the
    meaning (the rest of the line), e.g. `uf  text  #adm1+abbr  UF abbreviation, e.g. RR`."""
    columns = []
    for line in filter(None, (line.strip() for line in text.splitlines())):
        name, kind, rest = [*line.split(None, 2), "", ""][:3]
        hxl, meaning = rest.partition(" ")[::2] if rest.startswith("#") else ("", rest)
        if kind not in get_args(Kind) or not meaning:
            raise ValueError(f"column {name}: {line!r} is not `name kind [#hxl] meaning`")
        columns.append(column(name, cast(Kind, kind), meaning.strip(), hxl))
    if len({c.name for c in columns}) != len(columns):
        raise ValueError("a column is declared twice")
    return tuple(columns)


def hashtags(columns: tuple[Column, ...]) -> list[str] | None:
    """The HXL row of these columns, or None when none is tagged."""
    return [c.hxl for c in columns] if any(c.hxl for c in columns) else None


def markdown_table(columns: tuple[Column, ...]) -> str:
    """The columns as a Markdown table (OpenAPI description; the README copies it)."""
    lines = ["| column | type | meaning |", "|---|---|---|"]
    lines += [f"| `{c.name}` | {c.kind} | {c.description} |" for c in columns]
    return "\n".join(lines)
