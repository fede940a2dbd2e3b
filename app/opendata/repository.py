"""Queries of the open-data read side: published content only. Exports select plain columns
(no ORM identity map) and stream them in batches through a server-side cursor on PostgreSQL
(`yield_per`), so memory stays flat however many rows there are."""

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, and_, case, false, func, or_, select
from sqlmodel import Session, col

from app.accounts.models import Organisation
from app.municipalities.models import CapacityPlace, CapacityReport, Municipality, State
from app.municipalities.vocabulary import FACILITY_SLUGS
from app.opendata.models import Filters
from app.outbox.models import OutboxEvent
from app.policies.models import Policy, PolicyRevision
from app.practices.models import Practice, PracticeRevision


def _select(*columns: Any) -> Select[Any]:
    # Plain column tuples (no ORM entities, no identity map); typed loosely for mypy.
    return select(*columns)


def stream(session: Session, query: Select[Any], batch: int) -> Iterator[Row[Any]]:
    result = session.execute(query.execution_options(yield_per=batch))
    for partition in result.partitions():
        yield from partition


def _keyed(column: Any, values: Iterable[object]) -> list[Any]:
    return [col(column).contains(f"|{v}|", autoescape=True) for v in values]


def _where_revision(
    query: Select[Any], filters: Filters, rev: type[PracticeRevision] | type[PolicyRevision]
) -> Select[Any]:
    """The theme, UF (national or federal items have no UF) and updated-since filters of a
    published revision; each kind matches municipalities its own way."""
    if filters.theme:
        query = query.where(or_(*_keyed(rev.themes_key, filters.theme)))
    if filters.uf or filters.include_national:
        national = [col(rev.ufs_key) == ""] if filters.include_national else []
        query = query.where(or_(false(), *_keyed(rev.ufs_key, filters.uf), *national))
    if filters.updated_since:
        query = query.where(col(rev.updated_at) >= filters.updated_since)
    return query


# --- practices ---------------------------------------------------------------------------


def practice_query(filters: Filters) -> Select[Any]:
    rev = PracticeRevision
    query = (
        _select(
            col(Practice.id).label("id"),
            Practice.template,
            Practice.organisation_id,
            Practice.published_at,
            col(rev.number).label("revision"),
            rev.content,
            rev.updated_at,
            rev.ufs_key,
            col(Organisation.name).label("organisation_name"),
            col(Organisation.type).label("organisation_type"),
        )
        .join(rev, col(rev.id) == col(Practice.published_revision_id))
        .join(Organisation, col(Organisation.id) == col(Practice.organisation_id))
        .where(col(Practice.archived_at).is_(None))
    )
    query = _where_revision(query, filters, rev)
    if filters.municipality:
        query = query.where(or_(*_keyed(rev.municipalities_key, filters.municipality)))
    return query.order_by(col(Practice.id))


def practices_by_ids(session: Session, ids: list[int]) -> list[Row[Any]]:
    return list(session.execute(practice_query(Filters()).where(col(Practice.id).in_(ids))))


def latest_practices(session: Session, filters: Filters, limit: int) -> list[Row[Any]]:
    query = practice_query(filters).order_by(None)
    query = query.order_by(col(Practice.published_at).desc(), col(Practice.id).desc())
    return list(session.execute(query.limit(limit)))


# --- municipalities and capacity ---------------------------------------------------------


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
        _select(
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
        _select(report.ibge_code, func.max(report.as_of).label("as_of"))
        .group_by(col(report.ibge_code))
        .subquery()
    )
    query = (
        _select(
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
        _select(
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


def municipality_names(session: Session) -> dict[int, str]:
    """Every municipality's name (5,571 rows): exports print names beside IBGE codes."""
    return dict(session.execute(_select(Municipality.ibge_code, Municipality.name)).tuples().all())


# --- policies ----------------------------------------------------------------------------


def policy_query(filters: Filters) -> Select[Any]:
    rev = PolicyRevision
    query = (
        _select(
            col(Policy.id).label("id"),
            Policy.published_at,
            Policy.last_verified_at,
            rev.content,
            rev.updated_at,
        )
        .join(rev, col(rev.id) == col(Policy.published_revision_id))
        .where(col(Policy.archived_at).is_(None))
    )
    query = _where_revision(query, filters, rev)
    if filters.municipality:
        query = query.where(col(rev.content)["ibge_code"].as_integer().in_(filters.municipality))
    return query.order_by(col(Policy.id))


def policies_by_ids(session: Session, ids: list[int]) -> list[Row[Any]]:
    return list(session.execute(policy_query(Filters()).where(col(Policy.id).in_(ids))))


# --- change feed and catalogue -----------------------------------------------------------


def first_events(session: Session, kind: str, entity_ids: list[int]) -> dict[int, int]:
    """The first outbox row of this kind for each entity (its first publication).
    Publications of one entity never overlap (curation locks the item), so min(id) is first."""
    if not entity_ids:
        return {}
    rows = session.execute(
        _select(OutboxEvent.entity_id, func.min(OutboxEvent.id))
        .where(col(OutboxEvent.kind) == kind, col(OutboxEvent.entity_id).in_(entity_ids))
        .group_by(col(OutboxEvent.entity_id))
    )
    return {entity_id: first for entity_id, first in rows}


def last_changes(session: Session) -> dict[str, datetime | None]:
    """When each kind of public content last changed (the catalogue's `modified`)."""
    practice = session.execute(
        _select(func.max(PracticeRevision.updated_at), func.max(Practice.archived_at)).join(
            PracticeRevision, col(PracticeRevision.id) == col(Practice.published_revision_id)
        )
    ).one()
    policy = session.execute(
        _select(
            func.max(PolicyRevision.updated_at),
            func.max(Policy.archived_at),
            func.max(Policy.last_verified_at),
        ).join(PolicyRevision, col(PolicyRevision.id) == col(Policy.published_revision_id))
    ).one()
    capacity = session.execute(_select(func.max(CapacityReport.updated_at))).scalar_one()
    return {
        "practices": max((d for d in practice if d is not None), default=None),
        "policies": max((d for d in policy if d is not None), default=None),
        "capacity": capacity,
    }
