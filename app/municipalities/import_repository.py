"""Bulk queries of the capacity import (the repository layer for thousands of rows at once).

SQLite takes Core executemany well. On PostgreSQL, psycopg spends ~0.1 ms per executemany row
and SQLAlchemy's multi-VALUES statements are re-parsed by psycopg on every batch, so new rows
go in with COPY (ids reserved from the sequence first): ~10x faster for 28k facility rows."""

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Row
from sqlmodel import Session, select

from app.accounts.models import Organisation
from app.db import utcnow
from app.municipalities.models import CapacityPlace, CapacityReport, CapacityReportVersion

REPORTS = CapacityReport.__table__  # type: ignore[attr-defined]
PLACES = CapacityPlace.__table__  # type: ignore[attr-defined]
VERSIONS = CapacityReportVersion.__table__  # type: ignore[attr-defined]
# Stays under SQLite's and psycopg's bound-parameter limits with two parameters per key.
CHUNK = 400
T = TypeVar("T")
Key = tuple[int, date]


def _chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def reports_at(session: Session, keys: Sequence[Key]) -> list[Row[Any]]:
    """Existing reports among these (ibge_code, as_of) keys, as plain rows (no ORM objects).

    `ibge_code IN (...) AND as_of IN (...)` walks the unique (ibge_code, as_of) index on both
    databases; a row-value IN list made PostgreSQL plan 3x slower. Extra matches are dropped."""
    wanted = set(keys)
    found: list[Row[Any]] = []
    for chunk in _chunks(sorted(wanted)):
        codes, dates = {code for code, _ in chunk}, {as_of for _, as_of in chunk}
        query = select(REPORTS).where(REPORTS.c.ibge_code.in_(codes), REPORTS.c.as_of.in_(dates))
        found += [r for r in session.execute(query) if (r.ibge_code, r.as_of) in wanted]
    return found


def place_rows(session: Session, report_ids: Sequence[int]) -> dict[int, list[Row[Any]]]:
    places: dict[int, list[Row[Any]]] = {rid: [] for rid in report_ids}
    for chunk in _chunks(list(report_ids), 1000):
        for row in session.execute(select(PLACES).where(PLACES.c.report_id.in_(chunk))):
            places[row.report_id].append(row)
    return places


def _copy(
    session: Session, table: Any, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> None:
    # Table and column names come from the models, never from input.
    cursor = session.connection().connection.cursor()
    with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _reserve_ids(session: Session, count: int) -> list[int]:
    sql = text(
        "SELECT nextval(pg_get_serial_sequence('capacity_report', 'id'))"
        " FROM generate_series(1, :n)"
    )
    return list(session.execute(sql, {"n": count}).scalars())


def insert_reports(session: Session, rows: list[dict[str, Any]]) -> dict[Key, int]:
    """Insert new reports; returns their ids by (ibge_code, as_of)."""
    if not rows:
        return {}
    if _is_postgres(session):
        ids = _reserve_ids(session, len(rows))
        columns = ["id", *rows[0]]
        values = (
            (rid, *(json.dumps(v) if k == "services" else v for k, v in row.items()))
            for rid, row in zip(ids, rows, strict=True)
        )
        _copy(session, REPORTS, columns, values)
        return {(row["ibge_code"], row["as_of"]): rid for rid, row in zip(ids, rows, strict=True)}
    found: dict[Key, int] = {}
    stmt = REPORTS.insert().returning(REPORTS.c.id, REPORTS.c.ibge_code, REPORTS.c.as_of)
    for chunk in _chunks(rows, 1000):
        for rid, code, as_of in session.connection().execute(stmt, list(chunk)):
            found[(code, as_of)] = rid
    return found


def update_reports(session: Session, rows: list[dict[str, Any]]) -> None:
    """Bulk update by primary key: each dict carries `report_id` and the columns to set."""
    if rows:
        stmt = REPORTS.update().where(REPORTS.c.id == bindparam("report_id"))
        session.connection().execute(stmt, rows)


def replace_places(session: Session, report_ids: list[int], rows: list[dict[str, Any]]) -> None:
    """Delete the places of these reports, then insert `rows`."""
    connection = session.connection()
    for chunk in _chunks(report_ids, 1000):
        connection.execute(PLACES.delete().where(PLACES.c.report_id.in_(chunk)))
    if not rows:
        return
    if _is_postgres(session):
        columns = list(rows[0])
        _copy(session, PLACES, columns, (tuple(r[c] for c in columns) for r in rows))
    else:
        connection.execute(PLACES.insert(), rows)


def organisation_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = [i for i in set(ids) if i is not None]
    if not wanted:
        return {}
    query = select(Organisation.id, Organisation.name).where(
        Organisation.id.in_(wanted)  # type: ignore[union-attr]
    )
    return {oid: name for oid, name in session.execute(query)}


def keep_versions(
    session: Session,
    reports: Sequence[Row[Any]],
    places: dict[int, list[Row[Any]]],
    replaced_by_id: int,
) -> None:
    """Copy these reports (with their places, as read) into the history before they are
    replaced."""
    if not reports:
        return
    now = utcnow()
    rows = [
        {
            "report_id": r.id,
            "organisation_id": r.organisation_id,
            "reported_by_id": r.reported_by_id,
            "content": {
                "as_of": r.as_of.isoformat(),
                "source": r.source,
                "places": [
                    {"facility_type": p.facility_type, "total": p.total, "occupied": p.occupied}
                    for p in places[r.id]
                ],
                "services": list(r.services),
                "receives_interiorizacao": r.receives_interiorizacao,
                "families_per_month": r.families_per_month,
                "notes": r.notes,
            },
            "written_at": r.updated_at,
            "replaced_at": now,
            "replaced_by_id": replaced_by_id,
        }
        for r in reports
    ]
    session.connection().execute(VERSIONS.insert(), rows)


def versions_of(session: Session, report_id: int) -> list[CapacityReportVersion]:
    query = (
        select(CapacityReportVersion)
        .where(CapacityReportVersion.report_id == report_id)
        .order_by(CapacityReportVersion.id.desc())  # type: ignore[union-attr]
    )
    return list(session.exec(query))
