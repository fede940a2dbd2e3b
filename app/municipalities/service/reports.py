"""Use cases of capacity reports: report one, read the series and a report's earlier
versions."""

from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.accounts import repository as accounts
from app.accounts.models import User
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.municipalities import import_repository as bulk
from app.municipalities import repository as repo
from app.municipalities.access import can_report, is_staff, sees_reporters
from app.municipalities.models import (
    CapacityPlace,
    CapacityReport,
    CapacityReportCreate,
    CapacityReportPage,
    CapacityReportPublic,
    CapacityReportVersion,
    CapacityReportVersionPage,
    CapacityReportVersionPublic,
    PlacePublic,
    PlaceTotals,
)
from app.municipalities.service.places import CAPACITY_REPORTED, get_municipality, today
from app.municipalities.validation import Problem, check_report, normalise
from app.outbox.models import EntityType
from app.outbox.service import enqueue


def _invalid(problems: list[Problem]) -> InvalidInput:
    errors = [{"loc": ["body", *p.loc], "msg": p.msg, "type": p.kind} for p in problems]
    return InvalidInput("the capacity report has invalid fields", errors=errors)


def _organisation(session: Session, user: User, requested: int | None) -> int | None:
    if requested is None or requested == user.organisation_id:
        return user.organisation_id
    if accounts.get_organisation(session, requested) is None:
        raise InvalidInput.field(["body", "organisation_id"], f"unknown organisation {requested}")
    if not is_staff(user):
        raise Forbidden("you can only report for your own organisation")
    return requested


def report_capacity(
    session: Session, user: User, ibge_code: int, data: CapacityReportCreate
) -> CapacityReportPublic:
    """Add a dated capacity report; the earlier ones stay in the series."""
    municipality = get_municipality(session, ibge_code)
    if not can_report(user, ibge_code, municipality.uf):
        raise Forbidden(f"you cannot report capacity for {municipality.name}/{municipality.uf}")
    if problems := check_report(data, today()):
        raise _invalid(problems)
    data = normalise(data)
    organisation_id = _organisation(session, user, data.organisation_id)
    existing = repo.report_exists(session, ibge_code, data.as_of)
    if existing is not None:
        raise Conflict(
            f"{municipality.name} already has a report dated {data.as_of}: report a new date",
            existing_report_id=existing,
        )
    report = CapacityReport(
        ibge_code=ibge_code,
        reported_by_id=user.id or 0,
        organisation_id=organisation_id,
        **data.model_dump(exclude={"places", "organisation_id"}),
    )
    session.add(report)
    session.flush()
    session.add_all(CapacityPlace(report_id=report.id or 0, **p.model_dump()) for p in data.places)
    enqueue(session, EntityType.municipality, ibge_code, CAPACITY_REPORTED)
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise Conflict(f"{municipality.name} already has a report dated {data.as_of}") from exc
    return present_reports(session, user, [report])[0]


def present_reports(
    session: Session, user: User | None, reports: list[CapacityReport]
) -> list[CapacityReportPublic]:
    places = repo.places_for(session, [r.id or 0 for r in reports])
    return [_present(session, user, r, places[r.id or 0]) for r in reports]


def _present(
    session: Session, user: User | None, report: CapacityReport, places: list[CapacityPlace]
) -> CapacityReportPublic:
    org = (
        accounts.get_organisation(session, report.organisation_id)
        if report.organisation_id
        else None
    )
    municipality = repo.get_municipality(session, report.ibge_code)
    uf = municipality.uf if municipality else ""
    shows = sees_reporters(user, report.ibge_code, uf)
    reporter = accounts.get_user(session, report.reported_by_id) if shows else None
    shown = [
        PlacePublic(
            facility_type=p.facility_type,
            total=p.total,
            occupied=p.occupied,
            available=p.total - p.occupied,
        )
        for p in sorted(places, key=lambda p: p.facility_type)
    ]
    total, occupied = sum(p.total for p in shown), sum(p.occupied for p in shown)
    return CapacityReportPublic(
        **report.model_dump(exclude={"reported_by_id", "organisation_id"}),
        organisation={"id": org.id, "name": org.name} if org else None,
        reported_by={"id": reporter.id, "name": reporter.name} if reporter else None,
        places=shown,
        totals=PlaceTotals(total=total, occupied=occupied, available=total - occupied),
    )


def list_reports(
    session: Session, user: User | None, ibge_code: int, limit: int, offset: int
) -> CapacityReportPage:
    """The series of a municipality, newest as-of date first."""
    get_municipality(session, ibge_code)
    reports, total = repo.list_reports(session, ibge_code, limit, offset)
    return CapacityReportPage(items=present_reports(session, user, reports), total=total)


def report_versions(
    session: Session, user: User | None, ibge_code: int, report_id: int
) -> CapacityReportVersionPage:
    """The earlier versions of a dated report, kept when its organisation replaced it."""
    report = repo.get_report(session, report_id)
    if report is None or report.ibge_code != ibge_code:
        raise NotFound(f"no capacity report {report_id} for IBGE code {ibge_code}")
    versions = bulk.versions_of(session, report_id)
    items = [_version(session, user, report.ibge_code, v) for v in versions]
    return CapacityReportVersionPage(items=items)


def _version(
    session: Session, user: User | None, ibge_code: int, version: CapacityReportVersion
) -> CapacityReportVersionPublic:
    content = version.content
    places = [CapacityPlace(report_id=version.report_id, **p) for p in content["places"]]
    report = CapacityReport(
        id=version.report_id,
        ibge_code=ibge_code,
        as_of=date.fromisoformat(content["as_of"]),
        reported_by_id=version.reported_by_id,
        organisation_id=version.organisation_id,
        **{k: v for k, v in content.items() if k not in ("as_of", "places")},
    )
    shown = _present(session, user, report, places)
    return CapacityReportVersionPublic(
        **shown.model_dump(include=set(CapacityReportVersionPublic.model_fields)),
        report_id=version.report_id,
        written_at=version.written_at,
        replaced_at=version.replaced_at,
    )
