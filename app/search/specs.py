"""What each index holds and how it is configured (IndexSpec), and the registry of indexes.

app.assembly registers the specs; the worker, setup, reindex, reconcile and the CLI iterate
specs() instead of a fixed list."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field
from sqlmodel import Session

from app.config import Settings
from app.outbox.models import EntityType
from app.search import documents
from app.search import repository as repo
from app.search.policy_documents import policy_documents

SYNONYMS_FILE = Path(__file__).parent / "synonyms.yaml"

# "sort" before typo/proximity: "newest first" must really sort by date, not by relevance.
RANKING_RULES = ["words", "sort", "typo", "proximity", "attribute", "exactness"]
PORTUGUESE = [{"attributePatterns": ["*"], "locales": ["por"]}]
TYPOS = {"enabled": True, "disableOnNumbers": True}

Build = Callable[[Session, list[int]], tuple[dict[int, documents.Document], list[int]]]
Expand = Callable[[Session, int], list[int]]
Page = Callable[[Session, int, int], list[int]]


class SynonymFile(BaseModel):
    groups: list[list[str]] = Field(min_length=1)


@lru_cache
def synonyms() -> dict[str, list[str]]:
    """Each group of mutually equivalent terms, as Meilisearch's term -> others map."""
    with SYNONYMS_FILE.open(encoding="utf-8") as fh:
        data = SynonymFile.model_validate(yaml.safe_load(fh))
    mapping: dict[str, list[str]] = {}
    for group in data.groups:
        terms = list(dict.fromkeys(t.strip().lower() for t in group if t.strip()))
        for term in terms:
            others = mapping.setdefault(term, [])
            others.extend(t for t in terms if t != term and t not in others)
    return mapping


@dataclass(frozen=True)
class IndexSpec:
    key: str
    primary_key: str
    settings: Callable[[], dict[str, Any]]
    build: Build
    all_ids: Page
    # entity type of an outbox event -> the ids of this index's documents it affects
    follows: dict[str, Expand] = field(default_factory=dict)

    def uid(self, settings: Settings) -> str:
        return f"{settings.meili_index_prefix}_{self.key}"


def practice_settings() -> dict[str, Any]:
    return {
        # Deliberate order: a hit in the title beats one in the theme, the summary, the body.
        "searchableAttributes": [
            "title",
            "theme_labels",
            "summary",
            "organisation",
            "municipality_names",
            "audience_labels",
            "partners",
            "description",
            "results",
            "how_to_replicate",
        ],
        "filterableAttributes": [
            "themes",
            "ufs",
            "municipalities",
            "audiences",
            "organisation_type",
            "evidence_level",
            "languages",
            "template",
            "regions",
            "national",
            "start_year",
            "end_year",
            "ongoing",
            "published_at",
            "_geo",
        ],
        "sortableAttributes": ["published_at", "title_sort", "_geo"],
        "rankingRules": RANKING_RULES,
        "localizedAttributes": PORTUGUESE,
        "typoTolerance": TYPOS,
        "synonyms": synonyms(),
        "faceting": {"maxValuesPerFacet": 100},
        # Facet counts need no facet *search*; without it indexing is ~1/3 faster.
        "facetSearch": False,
        "pagination": {"maxTotalHits": 10_000},
    }


def municipality_settings() -> dict[str, Any]:
    return {
        "searchableAttributes": ["name", "state_name"],
        "filterableAttributes": ["uf"],
        "sortableAttributes": ["name_sort"],
        # Ties (many "São José ..."): capitals first, then alphabetical.
        "rankingRules": [
            "words",
            "typo",
            "proximity",
            "attribute",
            "sort",
            "exactness",
            "is_capital:desc",
            "name_sort:asc",
        ],
        "localizedAttributes": PORTUGUESE,
        "typoTolerance": TYPOS,
        "facetSearch": False,
        "pagination": {"maxTotalHits": 1000},
    }


def _organisation_practices(session: Session, organisation_id: int) -> list[int]:
    return repo.practice_ids_of_organisation(session, organisation_id)


def _municipality_practices(session: Session, code: int) -> list[int]:
    return repo.practice_ids_naming_municipality(session, code)


PRACTICES = IndexSpec(
    key="practices",
    primary_key="id",
    settings=practice_settings,
    build=documents.practice_documents,
    all_ids=repo.published_practice_ids,
    follows={
        EntityType.practice: lambda _session, pid: [pid],
        EntityType.organisation: _organisation_practices,
        EntityType.municipality: _municipality_practices,
    },
)

MUNICIPALITIES = IndexSpec(
    key="municipalities",
    primary_key="ibge_code",
    settings=municipality_settings,
    build=documents.municipality_documents,
    all_ids=repo.municipality_codes,
    follows={EntityType.municipality: lambda _session, code: [code]},
)


def policy_settings() -> dict[str, Any]:
    return {
        "searchableAttributes": [
            "title",
            "number",
            "theme_labels",
            "summary",
            "instrument_label",
            "municipality_name",
        ],
        "filterableAttributes": ["level", "uf", "ibge_code", "themes", "status", "instrument_type"],
        "sortableAttributes": ["date_ts", "title_sort"],
        "rankingRules": RANKING_RULES,
        "localizedAttributes": PORTUGUESE,
        "typoTolerance": TYPOS,
        "synonyms": synonyms(),
        "faceting": {"maxValuesPerFacet": 100},
        "pagination": {"maxTotalHits": 10_000},
    }


POLICIES = IndexSpec(
    key="policies",
    primary_key="id",
    settings=policy_settings,
    build=policy_documents,
    all_ids=repo.published_policy_ids,
    follows={EntityType.policy: lambda _session, pid: [pid]},
)

_registry: dict[str, IndexSpec] = {}


def register_index(spec: IndexSpec) -> None:
    """Add an index (assembly does, once); registering the same spec again is a no-op."""
    known = _registry.get(spec.key)
    if known is not None and known is not spec:
        raise ValueError(f"another index is already registered as {spec.key!r}")
    _registry[spec.key] = spec


def specs() -> tuple[IndexSpec, ...]:
    """Every registered index, in registration order."""
    return tuple(_registry.values())


def by_key(key: str) -> IndexSpec:
    return _registry[key]


def followed_types() -> set[str]:
    return {t for spec in _registry.values() for t in spec.follows}
