"""Query helpers of the open-data read side, shared by the domains' export queries
(app/*/export_repository.py). Exports select plain columns (no ORM identity map) and stream
them in batches through a server-side cursor on PostgreSQL (`yield_per`), so memory stays flat
however many rows there are."""

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, false, func, or_, select
from sqlmodel import Session, col

from app.curation.kinds import CuratedKind
from app.opendata.models import Filters
from app.outbox.models import OutboxEvent

BATCH = 200  # rows fetched at a time: bounds memory (~1 MB of rows)


def select_columns(*columns: Any) -> Select[Any]:
    # Plain column tuples (no ORM entities, no identity map); typed loosely for mypy.
    return select(*columns)


def stream(session: Session, query: Select[Any], batch: int = BATCH) -> Iterator[Row[Any]]:
    result = session.execute(query.execution_options(yield_per=batch))
    for partition in result.partitions():
        yield from partition


def published_query(kind: CuratedKind, *columns: Any) -> Select[Any]:
    """The id and these columns of each published, not archived item of a curated kind, joined
    to its published revision (the kind's export query adds its own joins and filters)."""
    subject, revision = kind.subject, kind.revision
    return (
        select_columns(col(subject.id).label("id"), *columns)
        .join(revision, col(revision.id) == col(subject.published_revision_id))
        .where(col(subject.archived_at).is_(None))
    )


def keyed(column: Any, values: Iterable[object]) -> list[Any]:
    """Conditions matching `|value|` inside a pipe-delimited key column."""
    return [col(column).contains(f"|{v}|", autoescape=True) for v in values]


def where_published_revision(query: Select[Any], filters: Filters, rev: Any) -> Select[Any]:
    """The theme, UF (national or federal items have no UF) and updated-since filters on a
    curated kind's published revision (the engine's revision columns); each kind matches
    municipalities its own way."""
    if filters.theme:
        query = query.where(or_(*keyed(rev.themes_key, filters.theme)))
    if filters.uf or filters.include_national:
        national = [col(rev.ufs_key) == ""] if filters.include_national else []
        query = query.where(or_(false(), *keyed(rev.ufs_key, filters.uf), *national))
    if filters.updated_since:
        query = query.where(col(rev.updated_at) >= filters.updated_since)
    return query


def first_events(session: Session, kind: str, entity_ids: list[int]) -> dict[int, int]:
    """The first outbox row of this kind for each entity (its first publication).
    Publications of one entity never overlap (curation locks the item), so min(id) is first."""
    if not entity_ids:
        return {}
    rows = session.execute(
        select_columns(OutboxEvent.entity_id, func.min(OutboxEvent.id))
        .where(col(OutboxEvent.kind) == kind, col(OutboxEvent.entity_id).in_(entity_ids))
        .group_by(col(OutboxEvent.entity_id))
    )
    return {entity_id: first for entity_id, first in rows}


# A curated kind's export query (its published items under the filters, in id order) gives
# the rest of its dataset's reads: some items by id (the change feed), the newest (Atom).
Query = Callable[[Filters], Select[Any]]


def published_by_ids(
    session: Session, kind: CuratedKind, query: Query, ids: list[int]
) -> list[Any]:
    return list(session.execute(query(Filters()).where(col(kind.subject.id).in_(ids))))


def newest_published(
    session: Session, kind: CuratedKind, query: Query, filters: Filters, limit: int
) -> list[Any]:
    subject = kind.subject
    newest = (
        query(filters)
        .order_by(None)
        .order_by(col(subject.published_at).desc(), col(subject.id).desc())
    )
    return list(session.execute(newest.limit(limit)))


def last_published_change(session: Session, kind: CuratedKind, *also: Any) -> datetime | None:
    """The newest approval or archiving of a published item of the kind (and the newest of the
    `also` columns, e.g. a verification date)."""
    subject, revision = kind.subject, kind.revision
    dates = session.execute(
        select_columns(
            func.max(revision.updated_at), func.max(subject.archived_at), *map(func.max, also)
        ).join(revision, col(revision.id) == col(subject.published_revision_id))
    ).one()
    return max((d for d in dates if d is not None), default=None)
