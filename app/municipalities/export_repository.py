"""Queries of the municipalities and capacity-history datasets: every municipality with its
latest capacity report, and every report, with per-facility sums, as plain column tuples."""

from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, and_, case, func
from sqlmodel import Session, col

from app.accounts.models import Organisation
from app.municipalities.models import CapacityPlace, CapacityReport, Municipality, State
from app.municipalities.vocabulary import FACILITY_SLUGS
from app.opendata.models import Filters
from app.opendata.repository import select_columns


def municipality_names(session: Session) -> dict[int, str]:
    """Every municipality's name (5,571 rows): exports print names beside IBGE codes."""
    query = select_columns(Municipality.ibge_code, Municipality.name)
    return dict(session.execute(query).tuples().all())


def _place_sums() -> Any:
    place = CapacityPlace
    per_type = []
    for slug in FACILITY_SLUGS:
        key = slug.replace("-", "_")
        mine = col(place.facility_type) == slug
        per_type.append(func.sum(case((mine, col(place.total)), else_=None)).label(f"{key}_total"))
        per_type.append(
            func.sum(case((mine, col(place.occupied)), else_=None)).label(f"{key}_occupied")
        )
    return (
        select_columns(
            col(place.report_id).label("report_id"),
            func.sum(place.total).label("places_total"),
            func.sum(place.occupied).label("places_occupied"),
            *per_type,
        )
        .group_by(col(place.report_id))
        .subquery()
    )


def _where_capacity(query: Select[Any], filters: Filters, code: Any) -> Select[Any]:
    """The UF, municipality (matched on `code`) and updated-since filters of capacity rows."""
    if filters.uf:
        query = query.where(col(Municipality.uf).in_(filters.uf))
    if filters.municipality:
        query = query.where(col(code).in_(filters.municipality))
    if filters.updated_since:
        query = query.where(col(CapacityReport.updated_at) >= filters.updated_since)
    return query


def municipality_query(filters: Filters) -> Select[Any]:
    report, sums = CapacityReport, _place_sums()
    latest = (
        select_columns(report.ibge_code, func.max(report.as_of).label("as_of"))
        .group_by(col(report.ibge_code))
        .subquery()
    )
    query = (
        select_columns(
            Municipality.ibge_code,
            Municipality.name,
            Municipality.uf,
            State.region,
            Municipality.latitude,
            Municipality.longitude,
            Municipality.is_capital,
            col(report.id).label("capacity_report_id"),
            col(report.as_of).label("capacity_as_of"),
            col(report.source).label("capacity_source"),
            col(Organisation.name).label("capacity_organisation"),
            sums.c.places_total,
            sums.c.places_occupied,
            report.services,
            report.receives_interiorizacao,
            report.families_per_month,
            col(report.updated_at).label("capacity_updated_at"),
        )
        .join(State, col(State.uf) == col(Municipality.uf))
        .outerjoin(latest, latest.c.ibge_code == col(Municipality.ibge_code))
        .outerjoin(
            report,
            and_(col(report.ibge_code) == latest.c.ibge_code, col(report.as_of) == latest.c.as_of),
        )
        .outerjoin(sums, sums.c.report_id == col(report.id))
        .outerjoin(Organisation, col(Organisation.id) == col(report.organisation_id))
    )
    return _where_capacity(query, filters, Municipality.ibge_code).order_by(
        col(Municipality.ibge_code)
    )


def municipalities_by_codes(session: Session, codes: list[int]) -> list[Row[Any]]:
    return list(session.execute(municipality_query(Filters(municipality=codes))))


def capacity_query(filters: Filters) -> Select[Any]:
    report, sums = CapacityReport, _place_sums()
    facility = [c for c in sums.c if c.name not in ("report_id",)]
    query = (
        select_columns(
            col(report.id).label("report_id"),
            report.ibge_code,
            col(Municipality.name).label("municipality_name"),
            Municipality.uf,
            report.as_of,
            report.source,
            col(Organisation.name).label("organisation_name"),
            *facility,
            report.services,
            report.receives_interiorizacao,
            report.families_per_month,
            report.notes,
            report.created_at,
            report.updated_at,
        )
        .join(Municipality, col(Municipality.ibge_code) == col(report.ibge_code))
        .outerjoin(sums, sums.c.report_id == col(report.id))
        .outerjoin(Organisation, col(Organisation.id) == col(report.organisation_id))
    )
    return _where_capacity(query, filters, report.ibge_code).order_by(col(report.id))


def last_report_change(session: Session) -> datetime | None:
    """When a capacity report was last written."""
    return session.execute(select_columns(func.max(CapacityReport.updated_at))).scalar_one()
