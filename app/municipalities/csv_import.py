"""Reading capacity spreadsheets exported as CSV. Pure code: bytes in, reports and problems out.

Columns (header names are case-insensitive; `-` or a space count as `_`):

    ibge_code                 7-digit IBGE code (required)
    as_of                     AAAA-MM-DD or DD/MM/AAAA, the date the numbers describe (required)
    source                    censo-suas | secretaria-municipal | operacao-acolhida |
                              organizacao-propria | outro (required)
    <facility>_total          places of that facility type, for each facility type:
    <facility>_occupied       abrigo_institucional, casa_de_passagem, republica,
                              centro_acolhimento_triagem, aluguel_social_hotel_social
                              (leave both empty when the municipality has none)
    services                  slugs separated by `|` or `;` (e.g. `cras|creas|aulas-portugues`)
    receives_interiorizacao   sim/não, yes/no, true/false, 1/0 (empty = não)
    families_per_month        whole number, only when receiving
    notes                     free text, up to 2,000 characters
    municipality, municipio, nome, uf   ignored (columns for people reading the sheet)

Encoding: UTF-8 with or without BOM, or Latin-1 (read as Windows-1252, its superset that
Excel writes). Delimiter: `,` or `;`, detected from the header line. Row numbers are the
spreadsheet's line numbers: the header is row 1."""

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from app.municipalities.csv_text import FileRejected, RowProblem, decode
from app.municipalities.models import CapacityReportCreate
from app.municipalities.validation import MIN_AS_OF, Loc, check_report, normalise
from app.municipalities.vocabulary import FACILITY_SLUGS

Progress = Callable[[int], None]

REQUIRED = ("ibge_code", "as_of", "source")
OPTIONAL = ("services", "receives_interiorizacao", "families_per_month", "notes")
# Columns people keep for themselves; read past, never stored.
IGNORED = ("municipality", "municipio", "nome", "uf")
FACILITY_COLUMNS = {slug: slug.replace("-", "_") for slug in FACILITY_SLUGS}
PLACE_COLUMNS = tuple(
    f"{column}_{part}" for column in FACILITY_COLUMNS.values() for part in ("total", "occupied")
)
KNOWN = REQUIRED + OPTIONAL + PLACE_COLUMNS + IGNORED
# The column order of the template sheet (`partilha capacity template`).
TEMPLATE_COLUMNS = ("ibge_code", "municipality", "as_of", "source", *PLACE_COLUMNS, *OPTIONAL)
# Stand-ins for required columns that already failed, so the other columns are still checked.
STAND_INS: dict[str, Any] = {"as_of": MIN_AS_OF, "source": "outro"}
YES = {"sim", "s", "yes", "y", "true", "1", "x", "si", "oui"}
NO = {"não", "nao", "n", "no", "false", "0", ""}


@dataclass(frozen=True)
class ParsedRow:
    row: int
    ibge_code: int
    data: CapacityReportCreate


@dataclass
class Parsed:
    encoding: str = ""
    delimiter: str = ""
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    row_count: int = 0


def _normalise_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lstrip("\ufeff").lower())


def read_header(text: str) -> tuple[str, list[str], list[RowProblem]]:
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]  # the line endings csv knows
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header = [_normalise_header(h) for h in next(csv.reader([first], delimiter=delimiter), [])]
    problems = [RowProblem(1, c, "missing required column") for c in REQUIRED if c not in header]
    for i, name in enumerate(header):
        if name and name not in KNOWN:
            problems.append(RowProblem(1, name, "unknown column (see the documented columns)"))
        elif name and name in header[:i]:
            problems.append(RowProblem(1, name, "column given twice"))
    return delimiter, header, problems


def _parse_int(value: str) -> int:
    if not (value.isascii() and value.removeprefix("-").isdigit()):
        raise ValueError("not a whole number")
    return int(value)


def _parse_date(value: str) -> date:
    # Regexes, not strptime: strptime takes the locale lock and costs 5x more per row.
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    br = iso or re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    if br is not None:
        year, month, day = br.groups() if iso else reversed(br.groups())
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            pass
    raise ValueError("not a date (use AAAA-MM-DD or DD/MM/AAAA)")


def _parse_bool(value: str) -> bool:
    lowered = value.lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise ValueError("use sim or não")


def _parse_code(value: str) -> int:
    if re.fullmatch(r"\d{6}", value):
        raise ValueError("6-digit code: use the 7-digit IBGE code (with the check digit)")
    if not re.fullmatch(r"\d{7}", value):
        raise ValueError("not a 7-digit IBGE code")
    return int(value)


def _places(cells: dict[str, str], fail: Callable[[str, str], None]) -> list[dict[str, Any]]:
    places = []
    for slug, column in FACILITY_COLUMNS.items():
        total, occupied = cells.get(f"{column}_total", ""), cells.get(f"{column}_occupied", "")
        if not total and not occupied:
            continue
        values: dict[str, Any] = {"facility_type": slug}
        for part, raw in (("total", total), ("occupied", occupied)):
            if not raw:
                fail(f"{column}_{part}", "give both total and occupied (0 when none)")
                continue
            try:
                values[part] = _parse_int(raw)
            except ValueError as exc:
                fail(f"{column}_{part}", str(exc))
        if len(values) == 3:
            places.append(values)
    return places


def _column(loc: Loc, places: list[dict[str, Any]]) -> str:
    if loc and loc[0] == "places" and len(loc) >= 3 and isinstance(loc[1], int):
        column = FACILITY_COLUMNS.get(places[loc[1]]["facility_type"], "places")
        return f"{column}_{loc[2]}"
    return str(loc[0]) if loc else ""


def _read_cells(number: int, cells: dict[str, str]) -> tuple[dict[str, Any], list[RowProblem]]:
    problems: list[RowProblem] = []

    def fail(column: str, message: str) -> None:
        problems.append(RowProblem(number, column, message))

    values: dict[str, Any] = {"notes": cells.get("notes", "")}
    parsers: dict[str, Callable[[str], Any]] = {
        "ibge_code": _parse_code,
        "as_of": _parse_date,
        "source": str.lower,
        "receives_interiorizacao": _parse_bool,
        "families_per_month": _parse_int,
    }
    for column, parser in parsers.items():
        raw = cells.get(column, "")
        if not raw:
            if column in REQUIRED:
                fail(column, "required")
            continue
        try:
            values[column] = parser(raw)
        except ValueError as exc:
            fail(column, str(exc))
    values["places"] = _places(cells, fail)
    values["services"] = [
        s.strip().lower() for s in re.split(r"[|;,]", cells.get("services", "")) if s.strip()
    ]
    return values, problems


def parse_row(number: int, cells: dict[str, str], today: date) -> ParsedRow | list[RowProblem]:
    """One spreadsheet row: a valid report, or every problem found in it."""
    values, problems = _read_cells(number, cells)
    failed = {p.column for p in problems}
    code = values.pop("ibge_code", None)
    data: CapacityReportCreate | None = None
    try:
        data = CapacityReportCreate.model_validate({**STAND_INS, **values})
        found = [(p.loc, p.msg) for p in check_report(data, today)]
    except ValidationError as exc:
        found = [(tuple(e["loc"]), e["msg"]) for e in exc.errors()]
    for loc, message in found:
        column = _column(loc, values["places"])
        if column not in failed:
            problems.append(RowProblem(number, column, message))
    if problems or code is None or data is None:
        return problems
    return ParsedRow(number, code, normalise(data))


def _rows(reader: Any) -> Iterator[list[str]]:
    """csv's own errors (a cell over its size limit, a NUL) reject the file, naming the line."""
    try:
        yield from reader
    except csv.Error as exc:
        raise FileRejected(f"line {reader.line_num}: {exc}") from exc


def parse(raw: bytes, today: date, progress: Progress | None = None) -> Parsed:
    """Decode, read the header and every row; raises FileRejected when nothing is readable."""
    text, encoding, problems = decode(raw)
    delimiter, header, header_problems = read_header(text)
    parsed = Parsed(encoding=encoding, delimiter=delimiter, problems=problems + header_problems)
    if any(p.problem == "missing required column" for p in header_problems):
        return parsed
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(reader)
    line = reader.line_num
    seen: dict[tuple[int, date], int] = {}
    for cells in _rows(reader):
        number, line = line + 1, reader.line_num
        if progress:
            progress(1)
        if not any(c.strip() for c in cells):
            continue
        parsed.row_count += 1
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            parsed.problems.append(
                RowProblem(
                    number,
                    "",
                    f"{len(cells)} values for {len(header)} columns (a stray delimiter?)",
                )
            )
            continue
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        result = parse_row(number, row, today)
        if isinstance(result, list):
            parsed.problems += result
        elif (key := (result.ibge_code, result.data.as_of)) in seen:
            parsed.problems.append(
                RowProblem(number, "as_of", f"same municipality and date as row {seen[key]}")
            )
        else:
            seen[key] = number
            parsed.rows.append(result)
    return parsed
