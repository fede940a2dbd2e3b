"""Bulk import of capacity reports from a CSV, keyed by (IBGE code, as-of date).

A row whose key exists with identical values is unchanged and skipped; with other values it
replaces that dated report (partners correct their sheets and send them again); other dates
of the series are untouched. Any problem in any row means nothing is applied."""

from datetime import date
from typing import Any

from sqlalchemy.engine import Row
from sqlmodel import Session, SQLModel

from app.accounts.models import Role, User
from app.db import utcnow
from app.errors import Forbidden
from app.municipalities import import_repository as bulk
from app.municipalities import repository as repo
from app.municipalities.access import can_report, is_staff
from app.municipalities.csv_import import Parsed, ParsedRow, Progress, RowProblem, parse
from app.municipalities.models import CapacityReportCreate
from app.municipalities.service import CAPACITY_REPORTED, today
from app.municipalities.vocabulary import FACILITY_SLUGS
from app.outbox.models import EntityType
from app.outbox.service import enqueue_many

Key = tuple[int, date]


class ImportProblem(SQLModel):
    row: int
    column: str
    problem: str


class ReplacedRow(SQLModel):
    row: int
    ibge_code: int
    as_of: date
    report_id: int


class ImportReport(SQLModel):
    dry_run: bool
    applied: bool = False
    encoding: str
    delimiter: str
    rows: int
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    invalid_rows: int = 0
    errors: list[ImportProblem]
    replaced_rows: list[ReplacedRow] = []


def _signature(data: CapacityReportCreate) -> tuple[Any, ...]:
    places = tuple((p.facility_type, p.total, p.occupied) for p in data.places)
    return (
        data.source,
        data.receives_interiorizacao,
        data.families_per_month,
        data.notes,
        tuple(data.services),
        places,
    )


def _stored_signature(report: Row[Any], places: list[Row[Any]]) -> tuple[Any, ...]:
    rows = sorted(places, key=lambda p: FACILITY_SLUGS.index(p.facility_type))
    ordered = tuple((p.facility_type, p.total, p.occupied) for p in rows)
    return (
        report.source,
        report.receives_interiorizacao,
        report.families_per_month,
        report.notes,
        tuple(report.services),
        ordered,
    )


def _check_codes_and_scope(
    user: User, ufs: dict[int, str], rows: list[ParsedRow]
) -> list[RowProblem]:
    problems = []
    for row in rows:
        uf = ufs.get(row.ibge_code)
        if uf is None:
            problems.append(RowProblem(row.row, "ibge_code", f"unknown IBGE code {row.ibge_code}"))
        elif not can_report(user, row.ibge_code, uf):
            problems.append(
                RowProblem(row.row, "ibge_code", f"{row.ibge_code} ({uf}) is outside your scope")
            )
    return problems


def _classify(
    session: Session, rows: list[ParsedRow]
) -> tuple[list[ParsedRow], dict[Key, Row[Any]], int]:
    """(rows to write, existing reports they replace, unchanged count)."""
    existing = {
        (r.ibge_code, r.as_of): r
        for r in bulk.reports_at(session, [(x.ibge_code, x.data.as_of) for x in rows])
    }
    places = bulk.place_rows(session, [r.id for r in existing.values()])
    changed, unchanged = [], 0
    for row in rows:
        report = existing.get((row.ibge_code, row.data.as_of))
        same = report is not None and _signature(row.data) == _stored_signature(
            report, places[report.id]
        )
        if same:
            unchanged += 1
        else:
            changed.append(row)
    return changed, existing, unchanged


def _values(user: User, row: ParsedRow) -> dict[str, Any]:
    now = utcnow()
    return {
        "ibge_code": row.ibge_code,
        "reported_by_id": user.id,
        "organisation_id": user.organisation_id,
        "created_at": now,
        "updated_at": now,
        **row.data.model_dump(exclude={"places", "organisation_id"}),
    }


def _apply(
    session: Session, user: User, rows: list[ParsedRow], existing: dict[Key, Row[Any]]
) -> None:
    new = [_values(user, r) for r in rows if (r.ibge_code, r.data.as_of) not in existing]
    ids = bulk.insert_reports(session, new)
    updates = []
    for row in rows:
        report = existing.get((row.ibge_code, row.data.as_of))
        if report is not None:
            values = _values(user, row)
            values.pop("created_at")
            updates.append({"report_id": report.id, **values})
            ids[(row.ibge_code, row.data.as_of)] = report.id
    bulk.update_reports(session, updates)
    places = [
        {"report_id": ids[(row.ibge_code, row.data.as_of)], **place.model_dump()}
        for row in rows
        for place in row.data.places
    ]
    bulk.replace_places(session, [u["report_id"] for u in updates], places)
    codes = [row.ibge_code for row in rows]
    enqueue_many(session, EntityType.municipality, codes, CAPACITY_REPORTED)


def import_capacity(
    session: Session,
    user: User,
    raw: bytes,
    *,
    dry_run: bool = True,
    progress: Progress | None = None,
) -> ImportReport:
    """Check every row, then (unless dry run) apply all of them in one transaction or none."""
    if not (is_staff(user) or user.role == Role.gov_editor):
        raise Forbidden("importing capacity reports is for curators, admins and gov editors")
    parsed = parse(raw, today(), progress)
    problems = parsed.problems + _check_codes_and_scope(user, repo.uf_by_code(session), parsed.rows)
    bad_rows = {p.row for p in problems}
    valid = [r for r in parsed.rows if r.row not in bad_rows]
    changed, existing, unchanged = _classify(session, valid)
    report = _report(parsed, problems, changed, existing, unchanged, dry_run)
    if dry_run or problems:
        session.rollback()
        return report
    if changed:
        _apply(session, user, changed, existing)
        session.commit()
    report.applied = True
    return report


def _report(
    parsed: Parsed,
    problems: list[RowProblem],
    changed: list[ParsedRow],
    existing: dict[Key, Row[Any]],
    unchanged: int,
    dry_run: bool,
) -> ImportReport:
    replaced = [r for r in changed if (r.ibge_code, r.data.as_of) in existing]
    return ImportReport(
        dry_run=dry_run,
        encoding=parsed.encoding,
        delimiter=parsed.delimiter,
        rows=parsed.row_count,
        new=len(changed) - len(replaced),
        replaced=len(replaced),
        unchanged=unchanged,
        invalid_rows=len({p.row for p in problems} - {1}),
        errors=[
            ImportProblem(row=p.row, column=p.column, problem=p.problem)
            for p in sorted(problems, key=lambda p: (p.row, p.column))
        ],
        replaced_rows=[
            ReplacedRow(
                row=r.row,
                ibge_code=r.ibge_code,
                as_of=r.data.as_of,
                report_id=existing[(r.ibge_code, r.data.as_of)].id,
            )
            for r in replaced
        ],
    )
