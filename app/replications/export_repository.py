"""Queries of the replications dataset: the published revision of every replication not
archived, with the replicating organisation and the practice's published title."""

from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from app.accounts.models import Organisation
from app.opendata.models import Filters
from app.opendata.repository import published_query, select_columns, where_published_revision
from app.practices.models import Practice, PracticeRevision
from app.replications.kind import REPLICATION
from app.replications.models import Replication, ReplicationRevision


def replication_query(filters: Filters) -> Select[Any]:
    rev, practice_rev = ReplicationRevision, aliased(PracticeRevision)
    query = (
        published_query(
            REPLICATION,
            Replication.practice_id,
            Replication.organisation_id,
            Replication.published_at,
            col(rev.number).label("revision"),
            rev.content,
            rev.updated_at,
            col(Organisation.name).label("organisation_name"),
            col(practice_rev.content).label("practice_content"),
        )
        .join(Organisation, col(Organisation.id) == col(Replication.organisation_id))
        .join(Practice, col(Practice.id) == col(Replication.practice_id))
        .outerjoin(practice_rev, col(practice_rev.id) == col(Practice.published_revision_id))
    )
    query = where_published_revision(query, filters, rev)
    if filters.municipality:
        query = query.where(col(rev.ibge_code).in_(filters.municipality))
    return query.order_by(col(Replication.id))


def replications_by_ids(session: Session, ids: list[int]) -> list[Row[Any]]:
    query = replication_query(Filters()).where(col(Replication.id).in_(ids))
    return list(session.execute(query))


def latest_replications(session: Session, filters: Filters, limit: int) -> list[Row[Any]]:
    query = replication_query(filters).order_by(None)
    query = query.order_by(col(Replication.published_at).desc(), col(Replication.id).desc())
    return list(session.execute(query.limit(limit)))


def last_change(session: Session) -> datetime | None:
    """The newest approval or archiving of a published replication."""
    dates = session.execute(
        select_columns(
            func.max(ReplicationRevision.updated_at), func.max(Replication.archived_at)
        ).join(
            ReplicationRevision,
            col(ReplicationRevision.id) == col(Replication.published_revision_id),
        )
    ).one()
    return max((d for d in dates if d is not None), default=None)
