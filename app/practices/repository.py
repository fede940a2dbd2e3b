"""Queries over practices, revisions and idempotency records."""

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from app.practices.models import (
    IdempotencyRecord,
    Practice,
    PracticeRevision,
    PracticeStatus,
)


def get_practice(session: Session, practice_id: int) -> Practice | None:
    return session.get(Practice, practice_id)


def get_revision(session: Session, revision_id: int | None) -> PracticeRevision | None:
    return session.get(PracticeRevision, revision_id) if revision_id else None


def revision_numbers(session: Session, practice_id: int) -> dict[int, int]:
    rows = session.exec(
        select(PracticeRevision.id, PracticeRevision.number).where(
            PracticeRevision.practice_id == practice_id
        )
    )
    return {rid: number for rid, number in rows if rid is not None}


def claim_version(session: Session, practice: Practice) -> bool:
    """Conditionally bump the practice's version; False means someone else changed it first.

    On PostgreSQL the UPDATE also locks the row until commit, so a racing decision waits
    and then finds the version moved on."""
    result = session.execute(
        update(Practice)
        .where(col(Practice.id) == practice.id, col(Practice.version) == practice.version)
        .values(version=Practice.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    practice.version += 1
    return True


def list_for_organisation(
    session: Session, organisation_id: int | None, status: PracticeStatus | None, limit: int, offset: int
) -> tuple[list[Practice], int]:
    query = select(Practice)
    if organisation_id is not None:
        query = query.where(Practice.organisation_id == organisation_id)
    if status is not None:
        query = query.where(Practice.status == status)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(Practice.updated_at).desc()).limit(limit).offset(offset))
    return list(rows), total


def list_published(session: Session, limit: int, offset: int) -> tuple[list[Practice], int]:
    query = select(Practice).where(
        col(Practice.published_revision_id).is_not(None), col(Practice.archived_at).is_(None)
    )
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(Practice.published_at).desc()).limit(limit).offset(offset))
    return list(rows), total


def get_idempotency(session: Session, user_id: int, key: str) -> IdempotencyRecord | None:
    return session.exec(
        select(IdempotencyRecord).where(
            IdempotencyRecord.user_id == user_id, IdempotencyRecord.key == key
        )
    ).first()
