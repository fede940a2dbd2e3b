"""What a domain declares to publish a dataset (its export rows), and the registry the open-data
read side iterates: exports, the change feed, webhooks' bodies, the Atom feeds, the offline
bundle and the DCAT catalogue. Nothing in app/opendata names a domain; app/assembly.py
registers each domain's declarations (app/*/export.py), in the order the catalogue, the feed and
the bundle list them."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select
from sqlmodel import Session

from app.curation.kinds import CuratedKind
from app.errors import NotFound
from app.opendata.columns import Column, markdown_table
from app.opendata.models import Filters
from app.opendata.repository import stream

Row = dict[str, Any]
Current = Callable[[Session, list[int]], dict[int, Row]]
FILTER_NAMES = ("theme", "uf", "municipality", "updated_since", "call")
# What a dataset accepts unless it declares otherwise (the call filter is the practices' own).
DEFAULT_FILTERS = frozenset(FILTER_NAMES) - {"call"}


@dataclass(frozen=True)
class FeedSpec:
    """How a dataset's rows travel on the change feed (and so in webhook deliveries)."""

    entity: str  # the outbox rows' entity_type, e.g. "practice"
    events: tuple[str, ...]  # the outbox kinds that change a row of this dataset
    current: Current  # id -> public row; absent: gone
    created_by: str | None = None  # the event whose first occurrence means "created"


def curated_feed(
    kind: CuratedKind, current: Callable[[Session, list[int]], dict[int, Row]]
) -> FeedSpec:
    """The feed of a curated kind: its publication ("created" the first time), archiving and,
    when its text translates, the approval of a new or changed translation."""
    translated = (kind.translated_event,) if kind.translatable else ()
    return FeedSpec(
        entity=kind.entity_type,
        events=(kind.published_event, kind.archived_event, *translated),
        current=current,
        created_by=kind.published_event,
    )


@dataclass(frozen=True)
class BundleSpec:
    """The dataset's table in the offline bundle of one UF."""

    table: str
    key: str  # primary key column
    national: bool = False  # also the rows that apply to every UF (national, federal)
    indexes: tuple[str, ...] = ()  # CREATE INDEX statements


@dataclass(frozen=True)
class AtomEntry:
    url: str  # the item's page: the entry's id and its alternate link
    title: str
    summary: str
    published: str | None
    updated: str | None
    author: str
    categories: list[tuple[str, str]] = field(default_factory=list)  # (term, label)


@dataclass(frozen=True)
class AtomSpec:
    """The dataset's Atom feed at /feeds/{name}.atom: its newest rows as entries."""

    title: str  # pt-BR
    latest: Callable[[Session, Filters, int], list[Row]]  # newest first
    entry: Callable[[Row], AtomEntry]
    page: str = "/busca"  # the HTML page the feed stands for


@dataclass(frozen=True)
class DatasetSpec:
    name: str  # URL segment: /api/v1/exports/{name}.{csv,json,ndjson}
    title: str  # pt-BR, the catalogue's title
    description: str  # pt-BR, the catalogue's description
    columns: tuple[Column, ...]
    rows: Callable[[Session, Filters], Iterator[Row]]  # published rows, streamed in id order
    changed: Callable[[Session], datetime | None]  # when its public content last changed
    filters: frozenset[str] = DEFAULT_FILTERS
    feed: FeedSpec | None = None
    bundle: BundleSpec | None = None
    atom: AtomSpec | None = None
    # (column, catalog taxonomy): codes an export asked for in a language labels beside them
    labelled: tuple[tuple[str, str], ...] = ()

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def markdown(self) -> str:
        return markdown_table(self.columns)


_datasets: dict[str, DatasetSpec] = {}


def register(spec: DatasetSpec) -> None:
    _datasets[spec.name] = spec


def unregister(name: str) -> None:
    _datasets.pop(name, None)


def registered() -> list[DatasetSpec]:
    return list(_datasets.values())


def get(name: str) -> DatasetSpec:
    spec = _datasets.get(name)
    if spec is None:
        raise NotFound(f"no dataset {name!r}")
    return spec


def feeds() -> list[FeedSpec]:
    return [spec.feed for spec in _datasets.values() if spec.feed]


# A domain's row builder is prepared once per read (names, today's date...), then applied to
# each query row; these turn it and the domain's queries into `rows`, `current` and `latest`.
RowBuilder = Callable[[Session], Callable[[Any], Row]]


def streamed_rows(
    query: Callable[[Filters], Select[Any]], build: RowBuilder
) -> Callable[[Session, Filters], Iterator[Row]]:
    def rows(session: Session, filters: Filters) -> Iterator[Row]:
        row_of = build(session)
        for row in stream(session, query(filters)):
            yield row_of(row)

    return rows


def rows_by_key(
    fetch: Callable[[Session, list[int]], list[Any]], build: RowBuilder, key: str = "id"
) -> Callable[[Session, list[int]], dict[int, Row]]:
    def current(session: Session, ids: list[int]) -> dict[int, Row]:
        row_of = build(session)
        return {getattr(found, key): row_of(found) for found in fetch(session, ids)}

    return current


def latest_rows(
    fetch: Callable[[Session, Filters, int], list[Any]], build: RowBuilder
) -> Callable[[Session, Filters, int], list[Row]]:
    """An Atom feed's `latest`: the domain's newest published rows, built as its export rows."""

    def latest(session: Session, filters: Filters, limit: int) -> list[Row]:
        row_of = build(session)
        return [row_of(row) for row in fetch(session, filters, limit)]

    return latest
