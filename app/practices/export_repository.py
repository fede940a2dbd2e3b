"""Queries of the practices dataset: the published revision of every practice not archived,
with its organisation, as plain column tuples (app/opendata/repository.py streams them)."""

from typing import Any

from sqlalchemy import Select, or_
from sqlmodel import col

from app.accounts.models import Organisation
from app.opendata.models import Filters
from app.opendata.repository import keyed, published_query, where_published_revision
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
