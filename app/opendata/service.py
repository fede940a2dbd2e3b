"""Exports of published content: filters validated like the search API, then rows streamed
from the database in batches straight into the response."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.accounts.places import places
from app.catalog.loader import get_catalog
from app.db import new_read_session, utcnow
from app.errors import InvalidInput, NotFound
from app.opendata import datasets, labelled
from app.opendata.columns import MEDIA_TYPES, Format
from app.opendata.datasets import FILTER_NAMES, DatasetSpec
from app.opendata.formats import encode
from app.opendata.models import ExportQuery, Filters


@dataclass
class Export:
    media_type: str
    filename: str
    chunks: Iterator[bytes]


def _error(name: str, message: str, kind: str = "unknown_value") -> dict[str, Any]:
    return {"loc": ["query", name], "msg": message, "type": kind}


def check_filters(session: Session, dataset: DatasetSpec, query: ExportQuery) -> Filters:
    """The filters as the dataset's query applies them, or 422 naming each bad parameter."""
    errors = [
        _error(name, f"{name} does not apply to the {dataset.name} dataset", "not_applicable")
        for name in FILTER_NAMES
        if getattr(query, name) and name not in dataset.filters
    ]
    themes = get_catalog().taxonomies.slugs("themes")
    errors += [_error("theme", f"unknown theme {t!r}") for t in query.theme if t not in themes]
    ufs = [u.upper() for u in query.uf]
    known_ufs = places().all_ufs(session) if ufs else set()
    errors += [_error("uf", f"unknown UF {u!r}") for u in ufs if u not in known_ufs]
    found = places().existing_codes(session, query.municipality)
    errors += [
        _error("municipality", f"unknown IBGE code {c}")
        for c in query.municipality
        if c not in found
    ]
    if errors:
        raise InvalidInput("unknown or inapplicable filter values", errors=errors)
    return Filters(query.theme, ufs, query.municipality, query.updated_since, query.call)


def _streamed(dataset: DatasetSpec, filters: Filters) -> Iterator[dict[str, Any]]:
    # Its own read-only session: the response streams after the request's session is gone,
    # and on SQLite a read-only session never holds the write lock for the whole download.
    with new_read_session() as session:
        yield from dataset.rows(session, filters)


def export(
    session: Session, name: str, fmt: Format, query: ExportQuery, lang: str | None = None
) -> Export:
    """A dataset of published content as CSV, JSON or NDJSON, streamed; asked for in a
    language, with the labels of its codes beside them (app/opendata/labelled.py)."""
    dataset = datasets.get(name)
    filters = check_filters(session, dataset, query)
    session.rollback()  # nothing written; do not hold the request's transaction while streaming
    shown, columns = _streamed(dataset, filters), dataset.columns
    if lang is not None and dataset.labelled:
        shown, columns = labelled.rows(dataset, shown, lang), columns + labelled.columns(dataset)
    return Export(
        media_type=MEDIA_TYPES[fmt],
        filename=f"partilha-{dataset.name}-{utcnow():%Y%m%d}.{fmt.value}",
        chunks=encode(fmt, columns, shown, hxl=query.hxl),
    )


def export_selected(
    session: Session, name: str, fmt: Format, ids: list[int], lang: str | None = None
) -> Export:
    """The published rows of these ids (one search's results), in their order, with the
    dataset's columns (and its labels in `lang`): what a results page offers to download."""
    dataset = datasets.get(name)
    if dataset.feed is None:
        raise NotFound(f"the {name} dataset has no rows by id")
    found = dataset.feed.current(session, ids)
    rows: Iterator[dict[str, Any]] = iter([found[i] for i in ids if i in found])
    session.rollback()
    columns = dataset.columns
    if lang is not None and dataset.labelled:
        rows, columns = labelled.rows(dataset, rows, lang), columns + labelled.columns(dataset)
    return Export(
        media_type=MEDIA_TYPES[fmt],
        filename=f"partilha-{dataset.name}-{utcnow():%Y%m%d}-busca.{fmt.value}",
        chunks=encode(fmt, columns, rows),
    )
