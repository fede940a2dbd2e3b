"""What the capacity import says, in the page's language: each problem's code (from
app/municipalities/csv_text.py and the report rules) has its words here, with its values; the
columns are named as the template names them (in Portuguese, as the sheet has them)."""

from typing import Any

from app.municipalities.sheet import PLACE_COLUMNS, PORTUGUESE, REQUIRED, TEMPLATE_COLUMNS
from app.web.i18n import N_, _

PROBLEMS = {
    "missing_column": N_("This required column is missing."),
    "unknown_column": N_("Unknown column: use the names listed on this page."),
    "duplicate_column": N_("This column appears twice."),
    "required": N_("This cell is required."),
    "not_whole_number": N_("Enter a whole number, 0 or more."),
    "not_date": N_("Not a date: write DD/MM/AAAA or AAAA-MM-DD."),
    "not_yes_no": N_("Write sim or não."),
    "six_digit_code": N_(
        "This IBGE code has 6 digits: use the 7-digit code (with the check digit)."
    ),
    "not_ibge_code": N_("Not an IBGE code: use the municipality's 7-digit code."),
    "total_and_occupied": N_("Give both the places and the occupied places (0 when none)."),
    "extra_values": N_(
        "This row has %(values)s values for %(columns)s columns: is there a stray separator?"
    ),
    "same_key": N_("Same municipality and date as row %(row)s."),
    "not_utf8_line": N_(
        "This line is not in UTF-8 while the rest of the file is: save the whole file again "
        "as CSV UTF-8."
    ),
    "unknown_ibge_code": N_("There is no municipality with IBGE code %(code)s."),
    "outside_scope": N_("%(code)s (%(uf)s) is outside the municipalities you may report for."),
    "other_organisation": N_(
        "%(code)s already has a report dated %(as_of)s from another organisation "
        "(%(organisation)s). Only that organisation may replace it: choose another date or "
        "ask them to correct it."
    ),
    # The report's own rules (app/municipalities/validation.py)
    "date_in_future": N_("The date cannot be in the future."),
    "date_too_old": N_("The date is too old: check the year."),
    "occupied_exceeds_total": N_("Occupied places cannot exceed the total."),
    "unknown_slug": N_("Unknown value: use one of the values listed on this page."),
    "duplicate": N_("This facility type is given twice."),
    "inconsistent": N_(
        "Families per month only apply when the municipality receives families through "
        "interiorização."
    ),
    "empty_report": N_(
        "The report has no figure: give the places of at least one type of facility "
        "(0 when none), the services or interiorização."
    ),
    # Values out of bounds (the model's own checks)
    "less_than_equal": N_("Too large: at most %(le)s."),
    "greater_than_equal": N_("Enter a whole number, 0 or more."),
    "string_too_long": N_("Too long: at most %(max_length)s characters."),
    "too_long": N_("Too many values: at most %(max_length)s."),
}
FILES = {
    "empty_file": N_("The file is empty."),
    "binary_file": N_("This file is neither an XLSX sheet nor a CSV text file."),
    "bad_byte": N_(
        "Line %(line)s has characters that are neither UTF-8 nor Latin-1: save the file "
        "again as CSV UTF-8."
    ),
    "csv_error": N_("Line %(line)s cannot be read as CSV (%(detail)s)."),
    "bad_xlsx": N_("The XLSX file cannot be read: save it again, or export it as CSV."),
}


def _say(table: dict[str, str], code: str, params: dict[str, Any], fallback: str) -> str:
    words = table.get(code)
    if words is None:
        return fallback
    try:
        return _(words) % params
    except (KeyError, TypeError, ValueError):  # a value missing: the words without it
        return fallback


def problem_text(problem: Any) -> str:
    """An ImportProblem in the page's language (its English text if the code is unknown)."""
    return _say(PROBLEMS, problem.code, problem.params, problem.problem)


def rejection_text(code: str, params: dict[str, Any], fallback: str) -> str:
    return _say(FILES, code, params, fallback)


def column_label(column: str) -> str:
    """The column as the template names it (the sheet's language is Portuguese)."""
    return PORTUGUESE.get(column, column)


COLUMN_HELP = {
    "ibge_code": N_("The municipality's 7-digit IBGE code."),
    "municipality": N_("The municipality's name, for people reading the sheet (not imported)."),
    "as_of": N_("The date the figures describe: DD/MM/AAAA or AAAA-MM-DD."),
    "source": N_("Where the figures come from: one of the values listed below."),
    "total": N_("Places of this type of facility (leave both cells empty when there is none)."),
    "occupied": N_("Occupied places of this type of facility (0 when none)."),
    "services": N_("The services available, separated by | (values listed below)."),
    "receives_interiorizacao": N_("sim or não: receives families through interiorização."),
    "families_per_month": N_("Families received per month through interiorização."),
    "notes": N_("Free text, up to 2,000 characters."),
}


def columns() -> list[tuple[str, str, str, bool]]:
    """(Portuguese name, identifier, what it holds, required) for each template column."""
    listed = []
    for column in TEMPLATE_COLUMNS:
        part = column.rsplit("_", 1)[-1] if column in PLACE_COLUMNS else column
        listed.append((PORTUGUESE[column], column, _(COLUMN_HELP[part]), column in REQUIRED))
    return listed
