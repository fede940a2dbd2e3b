"""What an index holds and how it is configured (IndexSpec), and the registry of indexes.

Each domain declares the specs of its documents (settings, document builder, ids pager, the
outbox entity types it follows) and app.assembly registers them; the worker, setup, reindex,
reconcile and the CLI iterate specs() and never name a domain."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field
from sqlmodel import Session

from app.config import Settings
from app.search.documents import Document
from app.search.stop_words import stop_words
from app.search.synonym_terms import FIELD as SYNONYM_TERMS

SYNONYMS_FILE = Path(__file__).parent / "synonyms.yaml"

# Settings shared by the indexes of the app's documents (Portuguese text, "newest first").
# "sort" before typo/proximity: "newest first" must really sort by date, not by relevance.
RANKING_RULES = ["words", "sort", "typo", "proximity", "attribute", "exactness"]
PORTUGUESE = [{"attributePatterns": ["*"], "locales": ["por"]}]
# Meilisearch's locale of each language content is translated into (title_es, ...).
LOCALES = {"es": "spa", "en": "eng", "fr": "fra"}
TYPOS = {"enabled": True, "disableOnNumbers": True}

# (session, ids) -> (documents to upsert by id, ids to delete)
Build = Callable[[Session, list[int]], tuple[dict[int, Document], list[int]]]
# (session, entity id of an outbox event) -> ids of the documents it affects
Expand = Callable[[Session, int], list[int]]
# (session, after, limit) -> the next keyset page of ids the index should hold
Page = Callable[[Session, int, int], list[int]]


def own_document(_session: Session, entity_id: int) -> list[int]:
    """The Expand of an index whose documents are the entity itself (keyed by its id)."""
    return [entity_id]


class SynonymFile(BaseModel):
    groups: list[list[str]] = Field(min_length=1)


@lru_cache
def synonym_groups() -> list[list[str]]:
    """Each group of mutually equivalent terms of the data file, lower case, once each."""
    with SYNONYMS_FILE.open(encoding="utf-8") as fh:
        data = SynonymFile.model_validate(yaml.safe_load(fh))
    groups = [
        list(dict.fromkeys(t.strip().lower() for t in group if t.strip())) for group in data.groups
    ]
    return [terms for terms in groups if terms]


@lru_cache
def synonyms() -> dict[str, list[str]]:
    """Each group of mutually equivalent terms, as Meilisearch's term -> others map (the
    groups with a stop word inside a phrase are also applied at indexing: synonym_terms)."""
    mapping: dict[str, list[str]] = {}
    for terms in synonym_groups():
        for term in terms:
            others = mapping.setdefault(term, [])
            others.extend(t for t in terms if t != term and t not in others)
    return mapping


def localized(translated: Mapping[str, list[str]]) -> list[dict[str, Any]]:
    """Each language's attributes tokenized in that language, then everything else in
    Portuguese (the first matching rule wins)."""
    rules = [
        {"attributePatterns": names, "locales": [LOCALES[lang]]}
        for lang, names in translated.items()
        if names
    ]
    return [*rules, *PORTUGUESE]


def text_settings(
    searchable: list[str],
    filterable: list[str],
    sortable: list[str],
    translated: Mapping[str, list[str]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Settings of an index of the app's Portuguese text documents: each names its attributes
    (searchable ones in a deliberate order; `translated`, language -> the attributes holding
    a translation) and adds its own; ranking, typos, synonyms, facet values and the hit limit
    are the same for all."""
    return {
        "searchableAttributes": [*searchable, SYNONYM_TERMS],  # ranked last
        "filterableAttributes": filterable,
        "sortableAttributes": sortable,
        "rankingRules": RANKING_RULES,
        "localizedAttributes": localized(translated or {}),
        "typoTolerance": TYPOS,
        "synonyms": synonyms(),
        "stopWords": stop_words(),  # de, para, com... neither ranked nor highlighted
        "faceting": {"maxValuesPerFacet": 100},
        "pagination": {"maxTotalHits": 10_000},
        **extra,
    }


@dataclass(frozen=True, kw_only=True)
class IndexSpec:
    key: str
    settings: Callable[[], dict[str, Any]]
    build: Build
    all_ids: Page
    primary_key: str = "id"
    # entity type of an outbox event -> the ids of this index's documents it affects
    follows: dict[str, Expand] = field(default_factory=dict)
    # event kinds that never change this index's documents although their entity type is
    # followed (a capacity report does not change the practices naming its municipality)
    skips: frozenset[str] = frozenset()

    def uid(self, settings: Settings) -> str:
        return f"{settings.meili_index_prefix}_{self.key}"


_registry: dict[str, IndexSpec] = {}


def register_index(spec: IndexSpec) -> None:
    """Add a domain's index (assembly does, once); registering the same spec again is a no-op."""
    known = _registry.get(spec.key)
    if known is not None and known is not spec:
        raise ValueError(f"another index is already registered as {spec.key!r}")
    _registry[spec.key] = spec


def follow(key: str, entity_type: str, expand: Expand) -> None:
    """Another domain's entity affects this index's documents (a replication: the practice it
    replicates); assembly says so, since the index's own domain does not know that one."""
    _registry[key].follows[entity_type] = expand


def specs() -> tuple[IndexSpec, ...]:
    """Every registered index, in registration order."""
    return tuple(_registry.values())


def by_key(key: str) -> IndexSpec:
    return _registry[key]


def followed_types() -> set[str]:
    return {t for spec in _registry.values() for t in spec.follows}
