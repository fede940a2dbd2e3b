"""Exports of published content: filters validated like the search API, then rows streamed
from the database in batches straight into the response."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.catalog.loader import get_catalog
from app.db import new_read_session, utcnow
from app.errors import InvalidInput
from app.municipalities import repository as municipalities
from app.municipalities.service import freshness_policy, today
from app.opendata import repository as repo
from app.opendata import rows
from app.opendata.columns import COLUMNS, FILTERS, MEDIA_TYPES, Dataset, Format
from app.opendata.formats import encode
from app.opendata.models import ExportQuery, Filters

BATCH = 200  # rows fetched at a time: bounds memory (~1 MB of rows)


@dataclass
class Export:
    media_type: str
    filename: str
    chunks: Iterator[bytes]


def _error(name: str, message: str, kind: str = "unknown_value") -> dict[str, Any]:
    return {"loc": ["query", name], "msg": message, "type": kind}


def check_filters(session: Session, dataset: Dataset, query: ExportQuery) -> Filters:
    """The filters as the repository applies them, or 422 naming each bad parameter."""
    errors = [
        _error(name, f"{name} does not apply to the {dataset.value} dataset", "not_applicable")
        for name in ("theme", "uf", "municipality", "updated_since")
        if getattr(query, name) and name not in FILTERS[dataset]
    ]
    themes = get_catalog().taxonomies.slugs("themes")
    errors += [_error("theme", f"unknown theme {t!r}") for t in query.theme if t not in themes]
    ufs = [u.upper() for u in query.uf]
    known_ufs = municipalities.all_ufs(session) if ufs else set()
    errors += [_error("uf", f"unknown UF {u!r}") for u in ufs if u not in known_ufs]
    found = municipalities.existing_codes(session, query.municipality)
    errors += [
        _error("municipality", f"unknown IBGE code {c}")
        for c in query.municipality
        if c not in found
    ]
    if errors:
        raise InvalidInput("unknown or inapplicable filter values", errors=errors)
    return Filters(query.theme, ufs, query.municipality, query.updated_since)


def rows_of(session: Session, dataset: Dataset, filters: Filters) -> Iterator[dict[str, Any]]:
    """The export rows of a dataset, streamed (the bundle and the exports share them)."""
    if dataset == Dataset.practices:
        names = repo.municipality_names(session)
        for row in repo.stream(session, repo.practice_query(filters), BATCH):
            yield rows.practice(row, names)
    elif dataset == Dataset.municipalities:
        freshness, now = freshness_policy(), today()
        for row in repo.stream(session, repo.municipality_query(filters), BATCH):
            yield rows.municipality(row, freshness, now)
    elif dataset == Dataset.capacity_history:
        for row in repo.stream(session, repo.capacity_query(filters), BATCH):
            yield rows.capacity_report(row)
    else:
        names = repo.municipality_names(session)
        for row in repo.stream(session, repo.policy_query(filters), BATCH):
            yield rows.policy(row, names)


def _streamed(dataset: Dataset, filters: Filters) -> Iterator[dict[str, Any]]:
    # Its own read-only session: the response streams after the request's session is gone,
    # and on SQLite a read-only session never holds the write lock for the whole download.
    with new_read_session() as session:
        yield from rows_of(session, dataset, filters)


def export(session: Session, dataset: Dataset, fmt: Format, query: ExportQuery) -> Export:
    """A dataset of published content as CSV, JSON or NDJSON, streamed."""
    filters = check_filters(session, dataset, query)
    session.rollback()  # nothing written; do not hold the request's transaction while streaming
    return Export(
        media_type=MEDIA_TYPES[fmt],
        filename=f"partilha-{dataset.value}-{utcnow():%Y%m%d}.{fmt.value}",
        chunks=encode(fmt, COLUMNS[dataset], _streamed(dataset, filters)),
    )
