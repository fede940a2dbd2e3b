"""Queries of notifications: who receives what, saved-search subscriptions and the freshness
ladder's notices."""

from collections.abc import Iterable
from datetime import date

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.accounts.models import Role, User
from app.calls.models import Call
from app.notifications.models import DigestSubscription, FreshnessNotice, FreshnessStage

# --- recipients ----------------------------------------------------------------------------


def _reachable() -> SelectOfScalar[User]:
    return select(User).where(col(User.is_active).is_(True), col(User.deleted_at).is_(None))


def users(session: Session, ids: Iterable[int]) -> list[User]:
    """The active accounts among these ids."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    return list(session.exec(_reachable().where(col(User.id).in_(wanted)).order_by(col(User.id))))


def with_roles(session: Session, roles: Iterable[Role]) -> list[User]:
    query = _reachable().where(col(User.role).in_(list(roles))).order_by(col(User.id))
    return list(session.exec(query))


def user(session: Session, user_id: int) -> User | None:
    found = session.get(User, user_id)
    return found if found is not None and found.is_active and found.deleted_at is None else None


# --- subscriptions -------------------------------------------------------------------------


def subscriptions_of(session: Session, user_id: int) -> list[DigestSubscription]:
    query = select(DigestSubscription).where(DigestSubscription.user_id == user_id)
    return list(session.exec(query.order_by(col(DigestSubscription.id))))


def all_subscriptions(session: Session) -> list[DigestSubscription]:
    return list(session.exec(select(DigestSubscription).order_by(col(DigestSubscription.id))))


def get_subscription(session: Session, subscription_id: int) -> DigestSubscription | None:
    return session.get(DigestSubscription, subscription_id)


def count_subscriptions(session: Session, user_id: int) -> int:
    return len(subscriptions_of(session, user_id))


# --- freshness ladder ----------------------------------------------------------------------


def notices(session: Session, codes: Iterable[int]) -> set[tuple[int, date, FreshnessStage]]:
    wanted = sorted(set(codes))
    if not wanted:
        return set()
    query = select(FreshnessNotice).where(col(FreshnessNotice.ibge_code).in_(wanted))
    return {(n.ibge_code, n.as_of, n.stage) for n in session.exec(query)}


def call_exists(session: Session, call_id: int) -> bool:
    return session.get(Call, call_id) is not None
