"""What every use case of municipalities starts from: today's date, the freshness policy, a
municipality or UF by its key (404 otherwise), and how fresh each UF's capacity data is."""

from datetime import date

from sqlmodel import Session

from app.config import get_settings
from app.db import utcnow
from app.errors import NotFound
from app.municipalities import repository as repo
from app.municipalities.freshness import Policy
from app.municipalities.models import FreshnessPublic, Municipality, State

CAPACITY_REPORTED = "capacity.reported"


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


def get_state(session: Session, uf: str) -> State:
    state = repo.get_state(session, uf.upper())
    if state is None:
        raise NotFound(f"no UF {uf!r}")
    return state
