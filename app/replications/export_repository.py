"""Queries of the replications dataset: the published revision of every replication not
archived, with the replicating organisation and the practice's published title."""

from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import aliased
from sqlmodel import col

from app.accounts.models import Organisation
from app.opendata.models import Filters
from app.opendata.repository import published_query, where_published_revision
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
