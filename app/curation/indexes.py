"""The search index of a curated kind, as its domain declares it: the full load takes its
published items, its own events refresh their documents, and its translated text is searched
beside the Portuguese (app/*/index.py build the documents)."""

from collections.abc import Callable, Mapping
from typing import Any

from sqlmodel import Session

from app.curation import repository
from app.curation.kinds import CuratedKind
from app.search.specs import Build, Expand, IndexSpec, own_document, text_settings


def curated_index(
    kind: CuratedKind,
    key: str,
    settings: Callable[[], dict[str, Any]],
    build: Build,
    follows: Mapping[str, Expand] | None = None,
    skips: frozenset[str] = frozenset(),
) -> IndexSpec:
    """An index of the kind's published items keyed by their id; `follows` adds the other
    entities whose events change its documents (e.g. a related row renamed)."""

    def published_ids(session: Session, after: int, limit: int) -> list[int]:
        return repository.published_ids(session, kind, after, limit)

    return IndexSpec(
        key=key,
        settings=settings,
        build=build,
        all_ids=published_ids,
        follows={kind.entity_type: own_document, **(follows or {})},
        skips=skips,
    )


def translated_settings(
    kind: CuratedKind,
    searchable: list[str],
    filterable: list[str],
    sortable: list[str],
    **extra: Any,
) -> dict[str, Any]:
    """The index settings of the kind's text (app.search.specs.text_settings), each translated
    attribute (title_es, ...) searched beside its Portuguese and in its own language."""
    declared = kind.translatable
    if declared is None:
        return text_settings(searchable, filterable, sortable, **extra)
    return text_settings(
        declared.beside(searchable),
        filterable,
        sortable,
        translated=declared.by_language(searchable),
        **extra,
    )
