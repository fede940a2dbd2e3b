"""The capacity spreadsheet template people download, as CSV or XLSX: the Portuguese column
names of the import (sheet.PORTUGUESE) and one example row that imports cleanly."""

import csv
import io
from datetime import date

from app.municipalities.sheet import PORTUGUESE, TEMPLATE_COLUMNS

EXAMPLE: dict[str, str | int] = {
    "ibge_code": 1400100,
    "municipality": "Boa Vista",
    "source": "secretaria-municipal",
    "abrigo_institucional_total": 40,
    "abrigo_institucional_occupied": 32,
    "casa_de_passagem_total": 20,
    "casa_de_passagem_occupied": 20,
    "services": "cras|creas|aulas-portugues",
    "receives_interiorizacao": "sim",
    "families_per_month": 12,
}


def header() -> list[str]:
    return [PORTUGUESE[column] for column in TEMPLATE_COLUMNS]


def example(as_of: date) -> list[str | int]:
    values: dict[str, str | int] = {**EXAMPLE, "as_of": as_of.strftime("%d/%m/%Y")}
    return [values.get(column, "") for column in TEMPLATE_COLUMNS]


def template_csv(as_of: date) -> bytes:
    """UTF-8 with a BOM and `;`, as spreadsheets set to Portuguese open and save it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header())
    writer.writerow(example(as_of))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(as_of: date) -> bytes:
    from openpyxl import Workbook  # only when the template is asked for

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Capacidade")
    sheet.append(header())
    sheet.append(example(as_of))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
