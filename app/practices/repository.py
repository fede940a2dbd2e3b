"""Queries over practices, revisions and idempotency records."""

from sqlmodel import Session, col, func, select

from app.practices.models import (
    IdempotencyRecord,
    LifecycleStatus,
    Practice,
    PracticeExternalId,
    PracticeRevision,
)


def get_practice(session: Session, practice_id: int) -> Practice | None:
    return session.get(Practice, practice_id)


def get_revision(session: Session, revision_id: int | None) -> PracticeRevision | None:
    return session.get(PracticeRevision, revision_id) if revision_id else None


def list_for_organisation(
    session: Session,
    organisation_id: int | None,
    status: LifecycleStatus | None,
    limit: int,
    offset: int,
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
    rows = session.exec(
        query.order_by(col(Practice.published_at).desc()).limit(limit).offset(offset)
    )
    return list(rows), total


def get_idempotency(session: Session, user_id: int, key: str) -> IdempotencyRecord | None:
    return session.exec(
        select(IdempotencyRecord).where(
            IdempotencyRecord.user_id == user_id, IdempotencyRecord.key == key
        )
    ).first()


def get_external_id(
    session: Session, organisation_id: int, external_id: str
) -> PracticeExternalId | None:
    return session.exec(
        select(PracticeExternalId).where(
            PracticeExternalId.organisation_id == organisation_id,
            PracticeExternalId.external_id == external_id,
        )
    ).first()
