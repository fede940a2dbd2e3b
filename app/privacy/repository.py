"""Queries of the privacy domain: consents, the access audit, and everything held about one
person (for the export and the account deletion)."""

from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from app.accounts.models import Role, User
from app.curation.models import CurationEvent
from app.db import page
from app.municipalities.models import CapacityReport
from app.policies.models import PolicyRevision
from app.practices.models import ConsentRecord, Practice, PracticeRevision, PrivateDataAccess

ConsentRow = tuple[ConsentRecord, str]  # the record and its actor's name


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
    query = select(PrivateDataAccess).where(col(PrivateDataAccess.practice_id).in_(practice_ids))
    return list(session.exec(query.order_by(col(PrivateDataAccess.id))))


def accesses_by(session: Session, actor_id: int) -> list[PrivateDataAccess]:
    query = select(PrivateDataAccess).where(PrivateDataAccess.actor_id == actor_id)
    return list(session.exec(query.order_by(col(PrivateDataAccess.id))))


# --- what is held about one person -------------------------------------------------------


def practices_created_by(session: Session, user_id: int) -> list[Practice]:
    query = select(Practice).where(Practice.created_by_id == user_id)
    return list(session.exec(query.order_by(col(Practice.id))))


def practice_revisions_by(session: Session, user_id: int) -> list[PracticeRevision]:
    query = select(PracticeRevision).where(PracticeRevision.created_by_id == user_id)
    return list(session.exec(query.order_by(col(PracticeRevision.id))))


def policy_revisions_by(session: Session, user_id: int) -> list[PolicyRevision]:
    query = select(PolicyRevision).where(PolicyRevision.created_by_id == user_id)
    return list(session.exec(query.order_by(col(PolicyRevision.id))))


def capacity_reports_by(session: Session, user_id: int) -> list[CapacityReport]:
    query = select(CapacityReport).where(CapacityReport.reported_by_id == user_id)
    return list(session.exec(query.order_by(col(CapacityReport.id))))


def curation_events_by(session: Session, user_id: int) -> list[CurationEvent]:
    query = select(CurationEvent).where(CurationEvent.actor_id == user_id)
    return list(session.exec(query.order_by(col(CurationEvent.id))))


def other_active_admins(session: Session, user_id: int) -> int:
    query = select(func.count()).where(
        User.role == Role.admin, col(User.is_active).is_(True), User.id != user_id
    )
    return int(session.exec(query).one())
