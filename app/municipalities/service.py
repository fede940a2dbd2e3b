"""Use cases of municipalities: profile, capacity reports and their freshness."""

from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.accounts import repository as accounts
from app.accounts.models import Role, User
from app.config import get_settings
from app.db import utcnow
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.municipalities import import_repository as bulk
from app.municipalities import repository as repo
from app.municipalities.access import can_report, is_staff, sees_reporters
from app.municipalities.freshness import Freshness, Policy
from app.municipalities.geo import haversine_km
from app.municipalities.models import (
    CapacityPlace,
    CapacityReport,
    CapacityReportCreate,
    CapacityReportPage,
    CapacityReportPublic,
    CapacityReportVersion,
    CapacityReportVersionPage,
    CapacityReportVersionPublic,
    CapacitySummary,
    FreshnessItem,
    FreshnessPage,
    FreshnessPublic,
    Municipality,
    MunicipalityProfile,
    NearbyMunicipality,
    PlacePublic,
    PlaceTotals,
    State,
    StatePublic,
)
from app.municipalities.profile import sections
from app.municipalities.validation import Problem, check_report, normalise
from app.outbox.models import EntityType
from app.outbox.service import enqueue

CAPACITY_REPORTED = "capacity.reported"
PROFILE_PRACTICES = 20
NEAREST = 5
# "Nearby" is a drive, not the other end of the country (Boa Vista to Goiânia is 2,500 km).
NEARBY_RADIUS_KM, MAX_NEARBY_RADIUS_KM = 300, 1000


def today() -> date:
    # Brazil is behind UTC, so the UTC date is never earlier than the local date anywhere in it.
    return utcnow().date()


def freshness_policy() -> Policy:
    settings = get_settings()
    return Policy(settings.capacity_update_interval_days, settings.capacity_grace_days)


def get_municipality(session: Session, ibge_code: int) -> Municipality:
    municipality = repo.get_municipality(session, ibge_code)
    if municipality is None:
        raise NotFound(f"no municipality with IBGE code {ibge_code}")
    return municipality


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


def freshness_of(latest: date | None) -> FreshnessPublic:
    policy, now = freshness_policy(), today()
    return FreshnessPublic(
        status=policy.status(latest, now),
        as_of=latest,
        age_days=(now - latest).days if latest else None,
        due_on=policy.due_on(latest) if latest else None,
        overdue_on=policy.overdue_on(latest) if latest else None,
        interval_days=policy.interval_days,
        grace_days=policy.grace_days,
    )


def freshness_by_uf(session: Session) -> dict[str, FreshnessPublic]:
    """How fresh each UF's capacity data is: its newest report's (UFs without one: never)."""
    latest = repo.latest_report_by_uf(session)
    return {state.uf: freshness_of(latest.get(state.uf)) for state in repo.list_states(session)}


def list_states(session: Session) -> list[State]:
    return repo.list_states(session)


def _nearest_with_practices(
    session: Session, here: Municipality, radius_km: float
) -> list[NearbyMunicipality]:
    counts = sections().practice_counts(session)
    counts.pop(here.ibge_code, None)
    nearby = [
        NearbyMunicipality(
            ibge_code=m.ibge_code,
            name=m.name,
            uf=m.uf,
            practices=counts[m.ibge_code],
            distance_km=round(
                haversine_km(here.latitude, here.longitude, m.latitude, m.longitude), 1
            ),
        )
        for m in repo.get_many(session, counts)
    ]
    within = [n for n in nearby if n.distance_km <= radius_km]
    return sorted(within, key=lambda n: (n.distance_km, n.ibge_code))[:NEAREST]


def municipality_profile(
    session: Session, user: User | None, ibge_code: int, radius_km: float = NEARBY_RADIUS_KM
) -> MunicipalityProfile:
    """Reference data, current capacity and freshness, practices there and nearby, policies."""
    municipality = get_municipality(session, ibge_code)
    state = repo.get_state(session, municipality.uf)
    assert state is not None
    latest = repo.latest_report(session, ibge_code)
    practices, practices_total = sections().practices_in(session, ibge_code, PROFILE_PRACTICES)
    replicated, organisations = sections().replicated_in, sections().organisations_in
    return MunicipalityProfile(
        **municipality.model_dump(),
        state=StatePublic.model_validate(state, from_attributes=True),
        capacity=CapacitySummary(
            latest=present_reports(session, user, [latest])[0] if latest else None,
            freshness=freshness_of(latest.as_of if latest else None),
        ),
        practices=practices,
        practices_total=practices_total,
        nearest_with_practices=_nearest_with_practices(session, municipality, radius_km),
        nearby_radius_km=radius_km,
        policies_in_force=sections().policies_in_force(
            session, municipality.uf, municipality.ibge_code
        ),
        replicated_here=replicated(session, ibge_code, PROFILE_PRACTICES) if replicated else [],
        organisations_here=organisations(session, ibge_code) if organisations else [],
    )


def _scope_filters(session: Session, user: User, uf: str | None) -> tuple[str | None, int | None]:
    if uf is not None and uf not in repo.all_ufs(session):
        raise InvalidInput.field(["query", "uf"], f"unknown UF {uf!r}")
    if is_staff(user):
        return uf, None
    if user.role != Role.gov_editor:
        raise Forbidden("the freshness list is for curators and gov editors")
    if user.scope_uf is not None and uf not in (None, user.scope_uf):
        raise Forbidden(f"your scope is {user.scope_uf}")
    return (uf or user.scope_uf), user.scope_ibge


def freshness_list(
    session: Session,
    user: User,
    status: Freshness | None,
    uf: str | None,
    limit: int,
    offset: int,
    include_never: bool = False,
) -> FreshnessPage:
    """Municipalities whose capacity picture is due or overdue (and, with `include_never`,
    those that never reported: everything to update), or of `status`; oldest first."""
    uf, ibge_code = _scope_filters(session, user, uf.upper() if uf else None)
    policy, now = freshness_policy(), today()
    if status is None:  # due and overdue together: everything older than fresh
        latest_from, latest_to = None, policy.latest_range(Freshness.due, now)[1]
    elif status == Freshness.never:
        latest_from = latest_to = None
    else:
        latest_from, latest_to = policy.latest_range(status, now)
    return _freshness_page(
        session,
        latest_from=latest_from,
        latest_to=latest_to,
        never=status == Freshness.never,
        or_never=status is None and include_never,
        uf=uf,
        ibge_code=ibge_code,
        limit=limit,
        offset=offset,
    )


def _freshness_page(session: Session, **filters: Any) -> FreshnessPage:
    policy, now = freshness_policy(), today()
    rows, total = repo.freshness_rows(session, **filters)
    items = [
        FreshnessItem(
            ibge_code=code,
            name=name,
            uf=row_uf,
            latest_as_of=latest,
            status=policy.status(latest, now),
            age_days=(now - latest).days if latest else None,
        )
        for code, name, row_uf, latest in rows
    ]
    return FreshnessPage(items=items, total=total)


def get_state(session: Session, uf: str) -> State:
    state = repo.get_state(session, uf.upper())
    if state is None:
        raise NotFound(f"no UF {uf!r}")
    return state


def state_freshness(session: Session, uf: str, limit: int) -> tuple[FreshnessPage, int]:
    """Public: a UF's municipalities that have reported (oldest picture first), and how many
    never did."""
    scope: dict[str, Any] = {"latest_from": None, "latest_to": None, "uf": uf, "ibge_code": None}
    reported = _freshness_page(session, never=False, limit=limit, offset=0, **scope)
    never = repo.freshness_rows(session, never=True, limit=0, offset=0, **scope)[1]
    return reported, never


def freshness_counts(session: Session, user: User, uf: str | None = None) -> dict[str, int]:
    """How many municipalities of the reader's scope are in each status (the rule of the
    municipality pages, so both always agree)."""
    return {
        status.value: freshness_list(session, user, status, uf, 1, 0).total for status in Freshness
    }
