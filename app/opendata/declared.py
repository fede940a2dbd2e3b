"""Datasets declared as data: a domain's `datasets.yaml` says what each of its datasets is (the
catalogue's title and description in pt-BR, its columns, the filters it takes, its table in
the offline bundle, its Atom feed's title, the columns labelled in a language), and its
export.py only how rows are made (a query, a row builder). Read when the domain is imported,
so a wrong declaration stops the start-up."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session

from app.curation.kinds import CuratedKind
from app.opendata import translated
from app.opendata.columns import Column, table
from app.opendata.datasets import (
    DEFAULT_FILTERS,
    FILTER_NAMES,
    AtomEntry,
    AtomSpec,
    BundleSpec,
    DatasetSpec,
    FeedSpec,
    Row,
    RowBuilder,
    curated_feed,
    latest_rows,
    rows_by_key,
    streamed_rows,
)
from app.opendata.models import Filters
from app.opendata.repository import (
    Query,
    last_published_change,
    newest_published,
    published_by_ids,
)

KEYS = {"title", "description", "columns", "filters", "bundle", "atom", "labelled"}


@dataclass(frozen=True)
class Declared:
    """One dataset of a datasets.yaml."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    filters: frozenset[str] = DEFAULT_FILTERS
    bundle: BundleSpec | None = None
    atom_title: str | None = None
    labelled: tuple[tuple[str, str], ...] = ()

    def spec(
        self,
        rows: Callable[[Session, Filters], Iterator[Row]],
        changed: Callable[[Session], datetime | None],
        *,
        columns: tuple[Column, ...] | None = None,
        feed: FeedSpec | None = None,
        atom: AtomSpec | None = None,
    ) -> DatasetSpec:
        """The dataset: what this declares, and what its code makes (its rows, when they last
        changed, its feed); `columns` in place of the declared ones when its code composes them."""
        if columns is None and not self.columns:
            raise ValueError(f"dataset {self.name}: no columns declared")
        return DatasetSpec(
            name=self.name,
            title=self.title,
            description=self.description,
            columns=self.columns if columns is None else columns,
            rows=rows,
            changed=changed,
            filters=self.filters,
            feed=feed,
            bundle=self.bundle,
            atom=atom,
            labelled=self.labelled,
        )


def _declared(name: str, raw: dict[str, Any]) -> Declared:
    filters = frozenset(raw.get("filters", DEFAULT_FILTERS))
    if unknown := (set(raw) - KEYS) | (filters - set(FILTER_NAMES)):
        raise ValueError(f"dataset {name}: unknown keys or filters {sorted(unknown)}")
    bundle = raw.get("bundle")
    if bundle:
        bundle = BundleSpec(**{**bundle, "indexes": tuple(bundle.get("indexes", ()))})
    return Declared(
        name=name,
        title=raw["title"],
        description=" ".join(raw["description"].split()),
        columns=table(raw.get("columns", "")),
        filters=filters,
        bundle=bundle,
        atom_title=(raw.get("atom") or {}).get("title"),
        labelled=tuple((raw.get("labelled") or {}).items()),
    )


def read(path: Path) -> dict[str, Declared]:
    """The datasets a domain declares, by name (the file's order)."""
    found = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {name: _declared(name, raw) for name, raw in found.items()}


def _translated(kind: CuratedKind, build: RowBuilder) -> RowBuilder:
    """The domain's rows followed by the kind's translations (translated.columns)."""

    def prepared(session: Session) -> Callable[[Any], Row]:
        row_of = build(session)
        return lambda row: {**row_of(row), **translated.values(kind, row.content)}

    return prepared


def curated(
    kind: CuratedKind,
    declared: Declared,
    query: Query,
    build: RowBuilder,
    changed: Callable[[Session], datetime | None] | None = None,
    entry: Callable[[Row], AtomEntry] | None = None,
) -> DatasetSpec:
    """The dataset of a curated kind's published items, in id order: its declared columns then
    its translations', on the change feed (and in webhooks) with the kind's events; `changed`
    when its content changes otherwise than by approval or archiving (default: only then)."""
    rows = _translated(kind, build)

    def by_ids(session: Session, ids: list[int]) -> list[Any]:
        return published_by_ids(session, kind, query, ids)

    def latest(session: Session, filters: Filters, limit: int) -> list[Any]:
        return newest_published(session, kind, query, filters, limit)

    if bool(declared.atom_title) != bool(entry):
        raise ValueError(f"dataset {declared.name}: an Atom feed declares its title and entry")
    atom = None
    if declared.atom_title and entry:
        atom = AtomSpec(title=declared.atom_title, latest=latest_rows(latest, rows), entry=entry)
    return declared.spec(
        streamed_rows(query, rows),
        changed or (lambda session: last_published_change(session, kind)),
        columns=(*declared.columns, *translated.columns(kind)),
        feed=curated_feed(kind, rows_by_key(by_ids, rows)),
        atom=atom,
    )
