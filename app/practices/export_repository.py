"""Queries of the practices dataset: the published revision of every practice not archived,
with its organisation, as plain column tuples (app/opendata/repository.py streams them)."""

from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, func, or_
from sqlmodel import Session, col

from app.accounts.models import Organisation
from app.opendata.models import Filters
from app.opendata.repository import (
    keyed,
    published_query,
    select_columns,
    where_published_revision,
)
from app.practices.kind import PRACTICE
from app.practices.models import Practice, PracticeRevision


def practice_query(filters: Filters) -> Select[Any]:
    rev = PracticeRevision
    query = published_query(
        PRACTICE,
        Practice.template,
        Practice.organisation_id,
        Practice.published_at,
        col(rev.number).label("revision"),
        rev.content,
        rev.updated_at,
        rev.ufs_key,
        rev.call_id,
        col(Organisation.name).label("organisation_name"),
        col(Organisation.type).label("organisation_type"),
    ).join(Organisation, col(Organisation.id) == col(Practice.organisation_id))
    query = where_published_revision(query, filters, rev)
    if filters.municipality:
        query = query.where(or_(*keyed(rev.municipalities_key, filters.municipality)))
    if filters.call:
        query = query.where(col(rev.call_id).in_(filters.call))
    return query.order_by(col(Practice.id))


def practices_by_ids(session: Session, ids: list[int]) -> list[Row[Any]]:
    return list(session.execute(practice_query(Filters()).where(col(Practice.id).in_(ids))))


def latest_practices(session: Session, filters: Filters, limit: int) -> list[Row[Any]]:
    query = practice_query(filters).order_by(None)
    query = query.order_by(col(Practice.published_at).desc(), col(Practice.id).desc())
    return list(session.execute(query.limit(limit)))


def last_change(session: Session) -> datetime | None:
    """The newest approval or archiving of a published practice."""
    approved, archived = session.execute(
        select_columns(func.max(PracticeRevision.updated_at), func.max(Practice.archived_at)).join(
            PracticeRevision, col(PracticeRevision.id) == col(Practice.published_revision_id)
        )
    ).one()
    return max((d for d in (approved, archived) if d is not None), default=None)
