"""Bulk import of capacity reports from a spreadsheet, keyed by (IBGE code, as-of date).

A row whose key exists with identical values is unchanged and skipped; with other values it
replaces that dated report when the report is the importer's own organisation's (partners
correct their sheets and send them again), and the replaced version is kept in the report's
history; another organisation's report is never replaced (a 409 problem on that row). Other
dates of the series are untouched. Any problem in any row means nothing is applied.

The sheet is read as a stream, in batches of rows: each batch is checked against the
database (and, when applying, written) before the next is read, so memory stays flat for
any number of rows; a problem found later rolls the whole transaction back."""

from collections.abc import Iterator, Sequence
from datetime import date
from itertools import islice
from typing import Any

from sqlalchemy.engine import Row
from sqlmodel import Session, SQLModel

from app.accounts.models import Role, User
from app.db import utcnow
from app.errors import Forbidden
from app.municipalities import import_repository as bulk
from app.municipalities import repository as repo
from app.municipalities.access import can_report, is_staff
from app.municipalities.csv_import import ParsedRow, Progress, RowProblem, read_sheet, rows_of
from app.municipalities.models import CapacityReportCreate
from app.municipalities.service import CAPACITY_REPORTED, today
from app.municipalities.vocabulary import FACILITY_SLUGS
from app.outbox.models import EntityType
from app.outbox.service import enqueue_many

Key = tuple[int, date]
BATCH = 400


class ImportProblem(SQLModel):
    row: int
    column: str
    problem: str
    code: str
    params: dict[str, str | int] = {}
    status: int = 422


class ReplacedRow(SQLModel):
    row: int
    ibge_code: int
    as_of: date
    report_id: int


class ImportReport(SQLModel):
    dry_run: bool
    applied: bool = False
    format: str = "csv"
    encoding: str
    delimiter: str
    rows: int = 0
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    invalid_rows: int = 0
    errors: list[ImportProblem] = []
    replaced_rows: list[ReplacedRow] = []

    @property
    def conflict(self) -> bool:
        """Every problem is another organisation's report (409), none a bad value (422)."""
        return bool(self.errors) and all(e.status == 409 for e in self.errors)


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


def owns(user: User, report: Row[Any]) -> bool:
    """A dated report is replaced only by its own organisation (or its reporter, when it has
    none): an import never overwrites what another organisation reported."""
    if report.organisation_id is not None:
        return report.organisation_id == user.organisation_id
    return report.reported_by_id == user.id


def _batches(rows: Iterator[ParsedRow]) -> Iterator[list[ParsedRow]]:
    while batch := list(islice(rows, BATCH)):
        yield batch


class _Run:
    """One import's running tally; each batch is checked, then written unless a dry run."""

    def __init__(self, session: Session, user: User, dry_run: bool, report: ImportReport):
        self.session, self.user, self.dry_run, self.report = session, user, dry_run, report
        self.ufs = repo.uf_by_code(session)
        self.problems: list[RowProblem] = []
        self.places: dict[int, list[Row[Any]]] = {}

    def _check_code(self, row: ParsedRow) -> list[RowProblem]:
        if row.ibge_code is None:
            return []
        uf = self.ufs.get(row.ibge_code)
        if uf is None:
            return [RowProblem(row.row, "ibge_code", "unknown_ibge_code", {"code": row.ibge_code})]
        if not can_report(self.user, row.ibge_code, uf):
            params: dict[str, str | int] = {"code": row.ibge_code, "uf": uf}
            return [RowProblem(row.row, "ibge_code", "outside_scope", params)]
        return []

    def batch(self, rows: list[ParsedRow]) -> None:
        valid = []
        for row in rows:
            self.report.rows += 1
            problems = row.problems + self._check_code(row)
            self.problems += problems
            if not problems:
                valid.append(row)
        new, replaced = self._classify(valid)
        if not self.dry_run and not self.problems and (new or replaced):
            self._write(new, replaced)

    def _classify(
        self, rows: list[ParsedRow]
    ) -> tuple[list[ParsedRow], list[tuple[ParsedRow, Row[Any]]]]:
        keys = [(r.ibge_code or 0, r.data.as_of) for r in rows if r.data]
        existing = {(r.ibge_code, r.as_of): r for r in bulk.reports_at(self.session, keys)}
        places = bulk.place_rows(self.session, [r.id for r in existing.values()])
        self.places = places  # the batch's stored places, kept in the versions it replaces
        names = bulk.organisation_names(
            self.session, {r.organisation_id for r in existing.values() if not owns(self.user, r)}
        )
        new, replaced = [], []
        for row in rows:
            assert row.data is not None and row.ibge_code is not None
            report = existing.get((row.ibge_code, row.data.as_of))
            if report is None:
                new.append(row)
            elif _signature(row.data) == _stored_signature(report, places[report.id]):
                self.report.unchanged += 1
            elif not owns(self.user, report):
                self.problems.append(_conflict(row, report, names))
            else:
                replaced.append((row, report))
        self.report.new += len(new)
        self.report.replaced += len(replaced)
        self.report.replaced_rows += [
            ReplacedRow(
                row=r.row, ibge_code=report.ibge_code, as_of=report.as_of, report_id=report.id
            )
            for r, report in replaced
        ]
        return new, replaced

    def _write(self, new: list[ParsedRow], replaced: list[tuple[ParsedRow, Row[Any]]]) -> None:
        ids = bulk.insert_reports(self.session, [_values(self.user, r) for r in new])
        replaced_reports = [report for _, report in replaced]
        bulk.keep_versions(self.session, replaced_reports, self.places, self.user.id or 0)
        updates = []
        for row, report in replaced:
            values = _values(self.user, row)
            values.pop("created_at")
            updates.append({"report_id": report.id, **values})
            ids[(report.ibge_code, report.as_of)] = report.id
        bulk.update_reports(self.session, updates)
        rows = [*new, *(row for row, _ in replaced)]
        places = [
            {"report_id": ids[(row.ibge_code or 0, row.data.as_of)], **place.model_dump()}
            for row in rows
            if row.data
            for place in row.data.places
        ]
        bulk.replace_places(self.session, [u["report_id"] for u in updates], places)
        codes = [row.ibge_code or 0 for row in rows]
        enqueue_many(self.session, EntityType.municipality, codes, CAPACITY_REPORTED)


def _conflict(row: ParsedRow, report: Row[Any], names: dict[int, str]) -> RowProblem:
    params: dict[str, str | int] = {
        "code": report.ibge_code,
        "as_of": report.as_of.isoformat(),
        "organisation": names.get(report.organisation_id, "—"),
    }
    return RowProblem(row.row, "as_of", "other_organisation", params, status=409)


def _values(user: User, row: ParsedRow) -> dict[str, Any]:
    assert row.data is not None
    now = utcnow()
    return {
        "ibge_code": row.ibge_code,
        "reported_by_id": user.id,
        "organisation_id": user.organisation_id,
        "created_at": now,
        "updated_at": now,
        **row.data.model_dump(exclude={"places", "organisation_id"}),
    }


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
    sheet = read_sheet(raw)
    report = ImportReport(
        dry_run=dry_run, format=sheet.format, encoding=sheet.encoding, delimiter=sheet.delimiter
    )
    run = _Run(session, user, dry_run, report)
    run.problems += sheet.problems
    if sheet.readable:
        for batch in _batches(rows_of(sheet, today(), progress)):
            run.batch(batch)
    _finish(report, run.problems)
    if dry_run or run.problems:
        session.rollback()
        return report
    session.commit()
    report.applied = True
    return report


def _finish(report: ImportReport, problems: Sequence[RowProblem]) -> None:
    report.invalid_rows = len({p.row for p in problems} - {1})
    report.errors = [
        ImportProblem.model_validate(p, from_attributes=True)  # its text from the code's template
        for p in sorted(problems, key=lambda p: (p.row, p.column))
    ]
