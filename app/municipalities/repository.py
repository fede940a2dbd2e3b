"""Queries over the IBGE reference and the capacity reports."""

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import TypeVar

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from app.db import page
from app.municipalities.models import CapacityPlace, CapacityReport, Municipality, State

T = TypeVar("T")
# Stays under SQLite's and psycopg's bound-parameter limits with two parameters per key.
CHUNK = 400


def _chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def existing_codes(session: Session, codes: Iterable[int]) -> set[int]:
    codes = set(codes)
    if not codes:
        return set()
    rows = session.exec(
        select(Municipality.ibge_code).where(col(Municipality.ibge_code).in_(codes))
    )
    return set(rows)


def get_municipality(session: Session, ibge_code: int) -> Municipality | None:
    return session.get(Municipality, ibge_code)


def get_many(session: Session, codes: Iterable[int]) -> list[Municipality]:
    codes = list(codes)
    if not codes:
        return []
    rows = session.exec(select(Municipality).where(col(Municipality.ibge_code).in_(codes))).all()
    by_code = {m.ibge_code: m for m in rows}
    return [by_code[c] for c in codes if c in by_code]


def all_ufs(session: Session) -> set[str]:
    return set(session.exec(select(State.uf)))


def get_state(session: Session, uf: str) -> State | None:
    return session.get(State, uf)


def count_municipalities(session: Session) -> int:
    return len(session.exec(select(Municipality.ibge_code)).all())


def uf_by_code(session: Session) -> dict[int, str]:
    """Every municipality's UF: one query, 5,571 rows (the import validates against it)."""
    return dict(session.exec(select(Municipality.ibge_code, Municipality.uf)).all())


# --- capacity reports -----------------------------------------------------------------


def report_exists(session: Session, ibge_code: int, as_of: date) -> int | None:
    return session.exec(
        select(CapacityReport.id).where(
            CapacityReport.ibge_code == ibge_code, CapacityReport.as_of == as_of
        )
    ).first()


def get_report(session: Session, report_id: int) -> CapacityReport | None:
    return session.get(CapacityReport, report_id)


def latest_report(session: Session, ibge_code: int) -> CapacityReport | None:
    return session.exec(
        select(CapacityReport)
        .where(CapacityReport.ibge_code == ibge_code)
        .order_by(col(CapacityReport.as_of).desc())
        .limit(1)
    ).first()


def list_reports(
    session: Session, ibge_code: int, limit: int, offset: int
) -> tuple[list[CapacityReport], int]:
    query = select(CapacityReport).where(CapacityReport.ibge_code == ibge_code)
    order = (col(CapacityReport.as_of).desc(), col(CapacityReport.id).desc())
    return page(session, query, *order, limit=limit, offset=offset)


def places_for(session: Session, report_ids: Sequence[int]) -> dict[int, list[CapacityPlace]]:
    places: dict[int, list[CapacityPlace]] = {rid: [] for rid in report_ids}
    for chunk in _chunks(list(report_ids)):
        rows = session.exec(select(CapacityPlace).where(col(CapacityPlace.report_id).in_(chunk)))
        for place in rows:
            places[place.report_id].append(place)
    return places


def freshness_rows(
    session: Session,
    *,
    latest_from: date | None,
    latest_to: date | None,
    never: bool,
    uf: str | None,
    or_never: bool = False,
    ibge_code: int | None,
    limit: int,
    offset: int,
) -> tuple[list[tuple[int, str, str, date | None]], int]:
    """Municipalities by the date of their latest report (oldest first), or without one."""
    latest = (
        select(CapacityReport.ibge_code, func.max(CapacityReport.as_of).label("latest"))
        .group_by(col(CapacityReport.ibge_code))
        .subquery()
    )
    query = select(
        Municipality.ibge_code, Municipality.name, Municipality.uf, latest.c.latest
    ).join(latest, latest.c.ibge_code == Municipality.ibge_code, isouter=never or or_never)
    if never:
        query = query.where(latest.c.latest.is_(None))
    if latest_from is not None:
        query = query.where(latest.c.latest >= latest_from)
    if latest_to is not None:
        in_range = latest.c.latest <= latest_to
        query = query.where(or_(in_range, latest.c.latest.is_(None)) if or_never else in_range)
    if uf is not None:
        query = query.where(Municipality.uf == uf)
    if ibge_code is not None:
        query = query.where(Municipality.ibge_code == ibge_code)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    # Never reported first (the oldest picture of all), on both databases.
    order = (
        latest.c.latest.asc().nulls_first(),
        col(Municipality.name),
        col(Municipality.ibge_code),
    )
    ordered = query.order_by(*order)
    rows = session.exec(ordered.limit(limit).offset(offset)).all()
    return [(code, name, uf_, latest_) for code, name, uf_, latest_ in rows], total


def latest_report_by_uf(session: Session) -> dict[str, date]:
    """The date of the newest capacity report of any municipality in each UF."""
    query = (
        select(Municipality.uf, func.max(CapacityReport.as_of))
        .join(CapacityReport, col(CapacityReport.ibge_code) == Municipality.ibge_code)
        .group_by(col(Municipality.uf))
    )
    return {uf: latest for uf, latest in session.exec(query) if latest is not None}


def list_states(session: Session) -> list[State]:
    return list(session.exec(select(State).order_by(col(State.uf))))
