"""Queries of the who-does-what-where dataset: the approved revision of every public
organisation profile, with the organisation's name, and the UFs' IBGE codes and names."""

from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_
from sqlmodel import Session, col

from app.accounts.models import Organisation
from app.municipalities.models import State
from app.opendata.models import Filters
from app.opendata.repository import (
    keyed,
    published_query,
    select_columns,
    where_published_revision,
)
from app.organisations.kind import ORGANISATION_PROFILE
from app.organisations.models import OrganisationProfile as Profile
from app.organisations.models import OrganisationProfileRevision as Revision


def profile_query(filters: Filters) -> Select[Any]:
    query = published_query(
        ORGANISATION_PROFILE,
        Revision.content,
        Revision.updated_at,
        col(Organisation.name).label("organisation_name"),
    ).join(Organisation, col(Organisation.id) == col(Profile.id))
    query = where_published_revision(query, filters, Revision)
    if filters.municipality:
        query = query.where(or_(*keyed(Revision.municipalities_key, filters.municipality)))
    return query.order_by(col(Profile.id))


def states(session: Session) -> dict[str, tuple[int, str]]:
    """UF -> (IBGE code, name) of the 27 federative units."""
    rows = session.execute(select_columns(State.uf, State.ibge_code, State.name))
    return {uf: (code, name) for uf, code, name in rows}


def last_change(session: Session) -> datetime | None:
    """The newest approval or withdrawal of a public profile."""
    dates = session.execute(
        select_columns(func.max(Revision.updated_at), func.max(Profile.archived_at)).join(
            Revision, col(Revision.id) == col(Profile.published_revision_id)
        )
    ).one()
    return max((d for d in dates if d is not None), default=None)
