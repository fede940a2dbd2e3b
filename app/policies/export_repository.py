"""Queries of the policies dataset: the published revision of every policy not archived."""

from datetime import datetime
from typing import Any

from sqlalchemy import Select
from sqlmodel import Session, col

from app.opendata.models import Filters
from app.opendata.repository import (
    last_published_change,
    published_query,
    where_published_revision,
)
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


def last_change(session: Session) -> datetime | None:
    """The newest approval, archiving or verification of a published policy."""
    return last_published_change(session, POLICY, Policy.last_verified_at)
