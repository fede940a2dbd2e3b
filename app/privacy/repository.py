"""Queries of the privacy domain: consents, the access audit, and everything held about one
person (for the export and the account deletion)."""

from typing import Any, Protocol, TypeVar

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from app.accounts.models import Role, User
from app.calls.models import Call
from app.curation.models import CurationEvent
from app.db import page
from app.municipalities.models import CapacityReport
from app.policies.models import PolicyRevision
from app.practices.models import ConsentRecord, Practice, PracticeRevision, PrivateDataAccess
from app.replications.models import ReplicationRevision

ConsentRow = tuple[ConsentRecord, str]  # the record and its actor's name


class _HasId(Protocol):
    id: int | None


Row = TypeVar("Row", bound=_HasId)


def _in_order(session: Session, model: type[Row], condition: Any) -> list[Row]:
    """The rows of `model` that meet `condition`, in the order they were written."""
    return list(session.exec(select(model).where(condition).order_by(col(model.id))))


def _consents(session: Session, condition: Any) -> list[ConsentRow]:
    query = (
        select(ConsentRecord, User.name)
        .join(User, col(User.id) == col(ConsentRecord.actor_id))
        .where(condition)
        .order_by(col(ConsentRecord.id))
    )
    return [(record, name) for record, name in session.exec(query)]


def consents_of_practice(session: Session, practice_id: int) -> list[ConsentRow]:
    return _consents(session, col(ConsentRecord.practice_id) == practice_id)


def consents_for_person(
    session: Session, user_id: int, practice_ids: list[int]
) -> list[ConsentRow]:
    """Consents the person gave or withdrew, and those of the practices they authored."""
    return _consents(
        session,
        or_(
            col(ConsentRecord.actor_id) == user_id,
            col(ConsentRecord.practice_id).in_(practice_ids),
        ),
    )


def accesses(
    session: Session,
    actor_id: int | None,
    practice_id: int | None,
    limit: int,
    offset: int,
) -> tuple[list[PrivateDataAccess], int]:
    query = select(PrivateDataAccess)
    if actor_id is not None:
        query = query.where(PrivateDataAccess.actor_id == actor_id)
    if practice_id is not None:
        query = query.where(PrivateDataAccess.practice_id == practice_id)
    return page(session, query, col(PrivateDataAccess.id).desc(), limit=limit, offset=offset)


def accesses_to_practices(session: Session, practice_ids: list[int]) -> list[PrivateDataAccess]:
    return _in_order(
        session, PrivateDataAccess, col(PrivateDataAccess.practice_id).in_(practice_ids)
    )


def accesses_by(session: Session, actor_id: int) -> list[PrivateDataAccess]:
    return _in_order(session, PrivateDataAccess, col(PrivateDataAccess.actor_id) == actor_id)


# --- what is held about one person -------------------------------------------------------


def practices_created_by(session: Session, user_id: int) -> list[Practice]:
    return _in_order(session, Practice, col(Practice.created_by_id) == user_id)


def practice_revisions_by(session: Session, user_id: int) -> list[PracticeRevision]:
    return _in_order(session, PracticeRevision, col(PracticeRevision.created_by_id) == user_id)


def policy_revisions_by(session: Session, user_id: int) -> list[PolicyRevision]:
    return _in_order(session, PolicyRevision, col(PolicyRevision.created_by_id) == user_id)


def replication_revisions_by(session: Session, user_id: int) -> list[ReplicationRevision]:
    rev = ReplicationRevision
    return _in_order(session, rev, col(rev.created_by_id) == user_id)


def calls_by(session: Session, user_id: int) -> list[Call]:
    return _in_order(session, Call, col(Call.created_by_id) == user_id)


def capacity_reports_by(session: Session, user_id: int) -> list[CapacityReport]:
    return _in_order(session, CapacityReport, col(CapacityReport.reported_by_id) == user_id)


def curation_events_by(session: Session, user_id: int) -> list[CurationEvent]:
    return _in_order(session, CurationEvent, col(CurationEvent.actor_id) == user_id)


def other_active_admins(session: Session, user_id: int) -> int:
    query = select(func.count()).where(
        User.role == Role.admin, col(User.is_active).is_(True), User.id != user_id
    )
    return int(session.exec(query).one())
