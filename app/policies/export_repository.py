"""Queries of the policies dataset: the published revision of every policy not archived."""

from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, func
from sqlmodel import Session, col

from app.opendata.models import Filters
from app.opendata.repository import published_query, select_columns, where_published_revision
from app.policies.kind import POLICY
from app.policies.models import Policy, PolicyRevision


def policy_query(filters: Filters) -> Select[Any]:
    rev = PolicyRevision
    query = published_query(
        POLICY, Policy.published_at, Policy.last_verified_at, rev.content, rev.updated_at
    )
    query = where_published_revision(query, filters, rev)
    if filters.municipality:
        query = query.where(col(rev.content)["ibge_code"].as_integer().in_(filters.municipality))
    return query.order_by(col(Policy.id))


def policies_by_ids(session: Session, ids: list[int]) -> list[Row[Any]]:
    return list(session.execute(policy_query(Filters()).where(col(Policy.id).in_(ids))))


def last_change(session: Session) -> datetime | None:
    """The newest approval, archiving or verification of a published policy."""
    dates = session.execute(
        select_columns(
            func.max(PolicyRevision.updated_at),
            func.max(Policy.archived_at),
            func.max(Policy.last_verified_at),
        ).join(PolicyRevision, col(PolicyRevision.id) == col(Policy.published_revision_id))
    ).one()
    return max((d for d in dates if d is not None), default=None)
