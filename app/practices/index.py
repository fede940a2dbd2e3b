"""The practice search index: its settings, its document builder and the outbox events it
follows (a practice, its organisation, a municipality it names). Registered at assembly."""

from typing import Any

from sqlmodel import Session

from app.outbox.models import EntityType
from app.practices import index_repository as repo
from app.practices.index_documents import practice_documents
from app.search.specs import PORTUGUESE, RANKING_RULES, TYPOS, IndexSpec, synonyms


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


def _organisation_practices(session: Session, organisation_id: int) -> list[int]:
    return repo.practice_ids_of_organisation(session, organisation_id)


def _municipality_practices(session: Session, code: int) -> list[int]:
    return repo.practice_ids_naming_municipality(session, code)


PRACTICES = IndexSpec(
    key="practices",
    primary_key="id",
    settings=practice_settings,
    build=practice_documents,
    all_ids=repo.published_practice_ids,
    follows={
        EntityType.practice: lambda _session, pid: [pid],
        EntityType.organisation: _organisation_practices,
        EntityType.municipality: _municipality_practices,
    },
)
