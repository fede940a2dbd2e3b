"""Streaming encoders: export rows in, bytes out, a few hundred rows per chunk.

CSV: UTF-8 with a BOM (spreadsheets then read accents right), a header row with the documented
column names (then, when the dataset tags its columns and the caller asks for it, the HXL
hashtag row: the HDX convention), lists joined with `|`, objects as JSON, booleans
`true`/`false`, empty for null. A text cell starting with = + - @ or a tab/CR is prefixed
with `'` so a spreadsheet never runs it as a formula (CSV injection); JSON and NDJSON carry
the values untouched."""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from app.opendata.columns import Column, Format, hashtags

CHUNK_ROWS = 200
BOM = "\ufeff"
LIST_SEPARATOR = "|"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def csv_cell(value: Any, column: Column) -> str:
    if value is None:
        return ""
    if column.kind == "bool":
        return "true" if value else "false"
    if column.kind == "list":
        value = LIST_SEPARATOR.join(str(v) for v in value)
    elif column.kind == "object":
        value = _dumps(value)
    elif not isinstance(value, str):
        return str(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def _csv(columns: tuple[Column, ...], rows: Iterable[dict[str, Any]], hxl: bool) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([c.name for c in columns])
    if hxl and (tags := hashtags(columns)):
        writer.writerow(tags)
    for n, row in enumerate(rows, 1):
        writer.writerow([csv_cell(row[c.name], c) for c in columns])
        if n % CHUNK_ROWS == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _json(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    parts = ["["]
    for n, row in enumerate(rows):
        parts.append(("\n" if n == 0 else ",\n") + _dumps(row))
        if len(parts) >= CHUNK_ROWS:
            yield "".join(parts).encode()
            parts = []
    parts.append("\n]\n")
    yield "".join(parts).encode()


def _ndjson(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    parts: list[str] = []
    for row in rows:
        parts.append(_dumps(row) + "\n")
        if len(parts) >= CHUNK_ROWS:
            yield "".join(parts).encode()
            parts = []
    if parts:
        yield "".join(parts).encode()


def encode(
    fmt: Format, columns: tuple[Column, ...], rows: Iterable[dict[str, Any]], hxl: bool = False
) -> Iterator[bytes]:
    """The rows in this format; `hxl`: a CSV of tagged columns carries their hashtag row."""
    if fmt == Format.csv:
        return _csv(columns, rows, hxl)
    if fmt == Format.json:
        return _json(rows)
    return _ndjson(rows)
