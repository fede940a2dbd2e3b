"""Use cases of the capacity freshness lists: which municipalities must update their
capacity picture (curators and gov editors, in their scope), a UF's public list, the counts."""

from typing import Any

from sqlmodel import Session

from app.accounts.models import Role, User
from app.errors import Forbidden, InvalidInput
from app.municipalities import repository as repo
from app.municipalities.access import is_staff
from app.municipalities.freshness import Freshness
from app.municipalities.models import FreshnessItem, FreshnessPage
from app.municipalities.service.places import freshness_policy, today


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
