"""Reading capacity spreadsheets (CSV or XLSX) row by row. Pure code: rows in, reports and
problems out, one row at a time (a 100,000-row sheet is never held as reports).

Columns (header names are case- and accent-insensitive; spaces and punctuation count as `_`;
the Portuguese names of the template, e.g. "Código IBGE", "Abrigo institucional – vagas",
are accepted as well):

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

XLSX: the first sheet, its first row the header. CSV encoding: UTF-8 with or without BOM, or
Latin-1 (read as Windows-1252, its superset that Excel writes). Delimiter: `,` or `;`,
detected from the header line. Row numbers are the spreadsheet's: the header is row 1."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from app.municipalities.csv_text import FileRejected, RowProblem
from app.municipalities.models import CapacityReportCreate
from app.municipalities.sheet import (
    FACILITY_COLUMNS,
    PLACE_COLUMNS,
    REQUIRED,
    TEMPLATE_COLUMNS,
    Sheet,
    read_sheet,
)
from app.municipalities.validation import MIN_AS_OF, Loc, check_report
from app.municipalities.vocabulary import SERVICE_SLUGS

__all__ = [
    "FACILITY_COLUMNS",
    "PLACE_COLUMNS",
    "TEMPLATE_COLUMNS",
    "FileRejected",
    "ParsedRow",
    "RowProblem",
    "parse_row",
    "read_sheet",
    "rows_of",
]

Progress = Callable[[int], None]

# Stand-ins for required columns that already failed, so the other columns are still checked.
STAND_INS: dict[str, Any] = {"as_of": MIN_AS_OF, "source": "outro"}
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
BR_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
SIX_DIGITS, SEVEN_DIGITS = re.compile(r"\d{6}"), re.compile(r"\d{7}")
LIST_SEPARATORS = re.compile(r"[|;,]")
SERVICES = set(SERVICE_SLUGS)
YES = {"sim", "s", "yes", "y", "true", "1", "x", "si", "oui"}
NO = {"não", "nao", "n", "no", "false", "0", ""}


class CellError(ValueError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class ParsedRow:
    """One row read: its report when every cell is right, and every problem found in it."""

    row: int
    ibge_code: int | None
    data: CapacityReportCreate | None
    problems: list[RowProblem]


def _parse_int(value: str) -> int:
    if not (value.isascii() and value.removeprefix("-").isdigit()):
        raise CellError("not_whole_number")
    return int(value)


def _parse_date(value: str) -> date:
    # Regexes, not strptime: strptime takes the locale lock and costs 5x more per row.
    iso = ISO_DATE.fullmatch(value)
    br = iso or BR_DATE.fullmatch(value)
    if br is not None:
        year, month, day = br.groups() if iso else reversed(br.groups())
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            pass
    raise CellError("not_date")


def _parse_bool(value: str) -> bool:
    lowered = value.lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise CellError("not_yes_no")


def _parse_code(value: str) -> int:
    if SIX_DIGITS.fullmatch(value):
        raise CellError("six_digit_code")
    if not SEVEN_DIGITS.fullmatch(value):
        raise CellError("not_ibge_code")
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
                fail(f"{column}_{part}", "total_and_occupied")
                continue
            try:
                values[part] = _parse_int(raw)
            except CellError as exc:
                fail(f"{column}_{part}", exc.code)
        if len(values) == 3:
            places.append(values)
    return places


def _column(loc: Loc, places: list[dict[str, Any]]) -> str:
    if loc and loc[0] == "places" and len(loc) >= 3 and isinstance(loc[1], int):
        column = FACILITY_COLUMNS.get(places[loc[1]]["facility_type"], "places")
        return f"{column}_{loc[2]}"
    if loc == ("places",):  # the whole report (no figure at all)
        return ""
    return str(loc[0]) if loc else ""


def _read_cells(number: int, cells: dict[str, str]) -> tuple[dict[str, Any], list[RowProblem]]:
    problems: list[RowProblem] = []

    def fail(column: str, code: str) -> None:
        problems.append(RowProblem(number, column, code))

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
        except CellError as exc:
            fail(column, exc.code)
    values["places"] = _places(cells, fail)  # in the canonical order already
    given = {s.strip().lower() for s in LIST_SEPARATORS.split(cells.get("services", ""))} - {""}
    # normalise()'s order, done before validating: one model per row, not two.
    values["services"] = [s for s in SERVICE_SLUGS if s in given] + sorted(given - SERVICES)
    if not values.get("receives_interiorizacao") and not values.get("families_per_month"):
        values.pop("families_per_month", None)
    return values, problems


Found = tuple[Loc, str, str, dict[str, Any]]


def _model_problems(exc: ValidationError) -> list[Found]:
    return [(tuple(e["loc"]), e["msg"], e["type"], dict(e.get("ctx") or {})) for e in exc.errors()]


def parse_row(number: int, cells: dict[str, str], today: date) -> ParsedRow:
    """One spreadsheet row: its report (None when it has problems) and every problem in it."""
    values, problems = _read_cells(number, cells)
    failed = {p.column for p in problems}
    code = values.pop("ibge_code", None)
    data: CapacityReportCreate | None = None
    try:
        data = CapacityReportCreate.model_validate({**STAND_INS, **values})
        found: list[Found] = [(p.loc, p.msg, p.kind, {}) for p in check_report(data, today)]
    except ValidationError as exc:
        found = _model_problems(exc)
    for loc, message, kind, ctx in found:
        column = _column(loc, values["places"])
        if column not in failed:
            params = {k: v for k, v in ctx.items() if isinstance(v, str | int)}
            problems.append(RowProblem(number, column, kind, params, detail=message))
    if problems or data is None:
        return ParsedRow(number, code, None, problems)
    return ParsedRow(number, code, data, [])


def rows_of(sheet: Sheet, today: date, progress: Progress | None = None) -> Iterator[ParsedRow]:
    """Every non-blank row, parsed, one at a time; a repeated (municipality, date) is a problem.

    Only the keys seen so far are kept (one int each), never the rows."""
    seen: dict[int, int] = {}
    width = len(sheet.header)
    for number, cells in sheet.rows:
        if progress:
            progress(1)
        if not any(cells):
            continue
        if len(cells) > width and any(cells[width:]):
            params: dict[str, str | int] = {"values": len(cells), "columns": width}
            yield ParsedRow(number, None, None, [RowProblem(number, "", "extra_values", params)])
            continue
        parsed = parse_row(number, dict(zip(sheet.header, cells, strict=False)), today)
        if parsed.data is not None and parsed.ibge_code is not None:
            key = parsed.ibge_code * 1_000_000 + parsed.data.as_of.toordinal()
            if key in seen:
                problem = RowProblem(number, "as_of", "same_key", {"row": seen[key]})
                parsed = ParsedRow(number, parsed.ibge_code, None, [problem])
            else:
                seen[key] = number
        yield parsed
