"""Queries of the privacy domain: consents, the access audit, and everything held about one
person (for the export and the account deletion)."""

from typing import Any, Protocol, TypeVar

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from app.accounts.models import Role, User
from app.db import page, where_given
from app.practices.models import ConsentRecord, PrivateDataAccess

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
    access = PrivateDataAccess
    query = where_given(
        select(access), (access.actor_id, actor_id), (access.practice_id, practice_id)
    )
    return page(session, query, col(PrivateDataAccess.id).desc(), limit=limit, offset=offset)


def accesses_to_practices(session: Session, practice_ids: list[int]) -> list[PrivateDataAccess]:
    return _in_order(
        session, PrivateDataAccess, col(PrivateDataAccess.practice_id).in_(practice_ids)
    )


# --- what is held about one person -------------------------------------------------------


def written_by(session: Session, author: Any, user_id: int) -> list[Any]:
    """The rows of a table whose author column (`PracticeRevision.created_by_id`,
    `CapacityReport.reported_by_id`, `PrivateDataAccess.actor_id`...) names this person, in
    the order they were written."""
    return _in_order(session, author.class_, col(author) == user_id)


def other_active_admins(session: Session, user_id: int) -> int:
    query = select(func.count()).where(
        User.role == Role.admin, col(User.is_active).is_(True), User.id != user_id
    )
    return int(session.exec(query).one())
