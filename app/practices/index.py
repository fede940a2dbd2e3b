"""The practice search index: its settings, its document builder and the outbox events it
follows (a practice, its organisation, a municipality it names). Registered at assembly."""

from typing import Any

from sqlmodel import Session

from app.curation.indexes import curated_index, translated_settings
from app.municipalities.service import CAPACITY_REPORTED
from app.outbox.models import EntityType
from app.practices import index_repository as repo
from app.practices.index_documents import practice_documents
from app.practices.kind import PRACTICE

# Deliberate order: a hit in the title beats one in the theme, the summary, the body; each
# translated field (title_es, ...) ranks beside its Portuguese.
SEARCHABLE = [
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
]


def practice_settings() -> dict[str, Any]:
    return translated_settings(
        PRACTICE,
        SEARCHABLE,
        filterable=[
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
            "replicated",
            "replicated_ufs",
            "call",
            "_geo",
        ],
        sortable=["published_at", "title_sort", "_geo"],
        # Facet counts need no facet *search*; without it indexing is ~1/3 faster.
        facetSearch=False,
    )


def _organisation_practices(session: Session, organisation_id: int) -> list[int]:
    return repo.practice_ids_of_organisation(session, organisation_id)


def _municipality_practices(session: Session, code: int) -> list[int]:
    return repo.practice_ids_naming_municipality(session, code)


PRACTICES = curated_index(
    PRACTICE,
    "practices",
    practice_settings,
    practice_documents,
    follows={
        EntityType.organisation: _organisation_practices,
        EntityType.municipality: _municipality_practices,
    },
    # A practice's document names its places, never their capacity: an import of thousands
    # of capacity reports re-indexes the municipalities, not the practices naming them.
    skips=frozenset({CAPACITY_REPORTED}),
)
