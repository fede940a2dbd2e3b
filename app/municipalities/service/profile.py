"""The municipality profile: reference data, current capacity and freshness, the practices
there and nearby, the policies in force, what was replicated there, who works there."""

from sqlmodel import Session

from app.accounts.models import User
from app.municipalities import repository as repo
from app.municipalities.geo import haversine_km
from app.municipalities.models import (
    CapacitySummary,
    Municipality,
    MunicipalityProfile,
    NearbyMunicipality,
    StatePublic,
)
from app.municipalities.profile import sections
from app.municipalities.service.places import freshness_of, get_municipality
from app.municipalities.service.reports import present_reports

PROFILE_PRACTICES = 20
NEAREST = 5
# "Nearby" is a drive, not the other end of the country (Boa Vista to Goiânia is 2,500 km).
NEARBY_RADIUS_KM, MAX_NEARBY_RADIUS_KM = 300, 1000


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
