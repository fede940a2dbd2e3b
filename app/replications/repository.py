"""Queries of replications: the published ones of a practice, of a municipality, and the
per-practice summaries the practice JSON and search documents carry."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.db import page, where_given
from app.practices.models import Practice
from app.replications.models import Replication, ReplicationRevision


def get_replication(session: Session, replication_id: int) -> Replication | None:
    return session.get(Replication, replication_id)


def get_revision(session: Session, revision_id: int | None) -> ReplicationRevision | None:
    return session.get(ReplicationRevision, revision_id) if revision_id else None


def _published() -> Any:
    return (
        select(Replication, ReplicationRevision)
        .join(
            ReplicationRevision,
            col(ReplicationRevision.id) == col(Replication.published_revision_id),
        )
        .where(col(Replication.archived_at).is_(None))
    )


def published_of_practices(
    session: Session, practice_ids: Sequence[int]
) -> list[tuple[Replication, ReplicationRevision]]:
    """Published replications of these practices, oldest start first."""
    if not practice_ids:
        return []
    query = _published().where(col(Replication.practice_id).in_(practice_ids))
    rows = session.exec(query.order_by(col(Replication.id)))
    return [(r, rev) for r, rev in rows]


def published_of_organisation_practices(
    session: Session, organisation_id: int, limit: int
) -> list[tuple[Replication, ReplicationRevision]]:
    """Published replications of the practices credited to an organisation, newest first."""
    practices = select(Practice.id).where(col(Practice.organisation_id) == organisation_id)
    query = _published().where(col(Replication.practice_id).in_(practices))
    rows = session.exec(query.order_by(col(Replication.published_at).desc()).limit(limit))
    return [(r, rev) for r, rev in rows]


def published_in(
    session: Session, ibge_code: int, limit: int
) -> tuple[list[tuple[Replication, ReplicationRevision]], int]:
    """Published replications that happen in this municipality, newest first."""
    query = _published().where(col(ReplicationRevision.ibge_code) == ibge_code)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(Replication.published_at).desc()).limit(limit))
    return [(r, rev) for r, rev in rows], total


def practice_of(session: Session, replication_id: int) -> int | None:
    return session.exec(
        select(Replication.practice_id).where(col(Replication.id) == replication_id)
    ).first()


def list_for_organisation(
    session: Session, organisation_id: int | None, limit: int, offset: int
) -> tuple[list[Replication], int]:
    query = where_given(select(Replication), (Replication.organisation_id, organisation_id))
    return page(session, query, col(Replication.id).desc(), limit=limit, offset=offset)
