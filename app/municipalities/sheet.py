"""A capacity spreadsheet as a stream of rows: its columns (English identifiers or their
Portuguese names), then one row at a time from a CSV or an XLSX file, never all at once.

Row numbers are the spreadsheet's: the header is row 1 (for a CSV, the line where a row
starts, so a quoted cell over several lines keeps the numbers true)."""

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.municipalities.csv_text import FileRejected, RowProblem, decode
from app.municipalities.vocabulary import FACILITY_TYPES

REQUIRED = ("ibge_code", "as_of", "source")
OPTIONAL = ("services", "receives_interiorizacao", "families_per_month", "notes")
# Columns people keep for themselves; read past, never stored.
IGNORED = ("municipality", "municipio", "nome", "uf")
FACILITY_COLUMNS = {t.slug: t.slug.replace("-", "_") for t in FACILITY_TYPES}
PLACE_COLUMNS = tuple(
    f"{column}_{part}" for column in FACILITY_COLUMNS.values() for part in ("total", "occupied")
)
KNOWN = REQUIRED + OPTIONAL + PLACE_COLUMNS + IGNORED
# The column order of the template sheet.
TEMPLATE_COLUMNS = ("ibge_code", "municipality", "as_of", "source", *PLACE_COLUMNS, *OPTIONAL)

# The Portuguese name of each column, as the template's header says it (either is accepted).
PORTUGUESE = {
    "ibge_code": "Código IBGE",
    "municipality": "Município",
    "as_of": "Data de referência",
    "source": "Fonte",
    **{
        f"{FACILITY_COLUMNS[t.slug]}_{part}": f"{t.pt_BR} – {word}"
        for t in FACILITY_TYPES
        for part, word in (("total", "vagas"), ("occupied", "ocupadas"))
    },
    "services": "Serviços",
    "receives_interiorizacao": "Recebe interiorização",
    "families_per_month": "Famílias por mês",
    "notes": "Observações",
}


def header_key(name: str) -> str:
    """Case, accents, spaces and punctuation do not matter: "Código IBGE" is codigo_ibge."""
    plain = unicodedata.normalize("NFKD", name.strip().lstrip("\ufeff").lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


ALIASES = {header_key(label): column for column, label in PORTUGUESE.items()}


def column_of(name: str) -> str:
    key = header_key(name)
    return ALIASES.get(key, key)


@dataclass
class Sheet:
    format: str
    encoding: str
    delimiter: str
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return not any(p.code == "missing_column" for p in self.problems)


def _header_problems(header: list[str]) -> list[RowProblem]:
    problems = [RowProblem(1, c, "missing_column") for c in REQUIRED if c not in header]
    for i, name in enumerate(header):
        if name and name not in KNOWN:
            problems.append(RowProblem(1, name, "unknown_column"))
        elif name and name in header[:i]:
            problems.append(RowProblem(1, name, "duplicate_column"))
    return problems


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, one at a time (csv reads quoted line breaks)."""
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+", text):
        yield match.group()


def _csv_rows(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """csv's own errors (a cell over its size limit, a NUL) reject the file, naming the line."""
    line = reader.line_num
    try:
        for cells in reader:
            number, line = line + 1, reader.line_num
            yield number, [c.strip() for c in cells]
    except csv.Error as exc:
        raise FileRejected("csv_error", line=reader.line_num, detail=str(exc)) from exc


def _read_csv(raw: bytes) -> Sheet:
    text, encoding, problems = decode(raw)
    first = next(_lines(text), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(_lines(text), delimiter=delimiter)
    header = [column_of(h) for h in next(reader, [])]
    rows = _csv_rows(reader)
    return Sheet("csv", encoding, delimiter, header, rows, problems + _header_problems(header))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sim" if value else "não"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(values: Iterable[tuple[Any, ...]], book: Any) -> Iterator[tuple[int, list[str]]]:
    try:
        for number, cells in enumerate(values, start=2):
            yield number, [_cell(v) for v in cells]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FileRejected("bad_xlsx", detail=type(exc).__name__) from exc
    finally:
        book.close()


def _read_xlsx(raw: bytes) -> Sheet:
    from openpyxl import load_workbook  # only when a spreadsheet comes in

    try:
        # Read-only: rows are parsed from the zip as they are asked for, not loaded at once.
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        values = book.worksheets[0].iter_rows(values_only=True)
        first = next(values, ())
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError) as exc:
        raise FileRejected("bad_xlsx", detail=type(exc).__name__) from exc
    header = [column_of(_cell(h)) for h in first]
    while header and not header[-1]:
        header.pop()
    rows = _xlsx_rows(values, book)
    return Sheet("xlsx", "xlsx", "", header, rows, _header_problems(header))


def read_sheet(raw: bytes) -> Sheet:
    """The header is read now, the rows as they are iterated; raises FileRejected."""
    if raw.startswith(b"PK\x03\x04"):  # a zip: XLSX (a CSV never starts so)
        return _read_xlsx(raw)
    return _read_csv(raw)
