"""The organisation directory's search index: one document per organisation whose profile
curators approved (its name, what it does, where, on which themes, in which languages), its
settings and the outbox events it follows. Registered at assembly."""

from typing import Any

from sqlmodel import Session

from app.accounts import repository as accounts
from app.catalog.loader import get_catalog
from app.curation import repository as curated
from app.curation.indexes import curated_index, translated_settings
from app.organisations.kind import ORGANISATION_PROFILE
from app.organisations.models import KIND_LABELS, PROFILE_TEXT
from app.search.documents import Document, clean, plain_text, sort_key, upserts_and_deletes

SEARCHABLE = [
    "name",
    "theme_labels",
    "description",
    "municipality_names",
    "type_label",
    "language_labels",
]


def organisation_settings() -> dict[str, Any]:
    return translated_settings(
        ORGANISATION_PROFILE,
        SEARCHABLE,
        filterable=["type", "ufs", "municipalities", "themes", "languages"],
        sortable=["name_sort", "updated_ts"],
    )


def organisation_documents(
    session: Session, ids: list[int]
) -> tuple[dict[int, Document], list[int]]:
    """Current state of these organisations' profiles: documents to upsert, ids to delete."""
    public = curated.published_items(session, ORGANISATION_PROFILE, ids)
    taxonomies = get_catalog().taxonomies
    docs: dict[int, Document] = {}
    for profile, revision in public:
        organisation = accounts.get_organisation(session, profile.id)
        if organisation is None:
            continue
        c: dict[str, Any] = revision.content
        places = c.get("places", [])
        docs[profile.id] = {
            "id": profile.id,
            "name": clean(organisation.name),
            "name_sort": sort_key(organisation.name),
            "description": plain_text(c["description"]),
            "type": c["type"],
            "type_label": KIND_LABELS[c["type"]]["pt-BR"],
            "ufs": list(c["ufs"]),
            "municipalities": [p["ibge_code"] for p in places],
            "municipality_names": [p["name"] for p in places],
            "themes": list(c["themes"]),
            "theme_labels": [taxonomies.label("themes", s) for s in c["themes"]],
            "languages": list(c["languages"]),
            "language_labels": [taxonomies.label("languages", s) for s in c["languages"]],
            "updated_ts": int(revision.updated_at.timestamp()),
            **{name: plain_text(text) for name, text in PROFILE_TEXT.flat(c).items() if text},
        }
    return upserts_and_deletes(ids, docs)


ORGANISATIONS = curated_index(
    ORGANISATION_PROFILE, "organisations", organisation_settings, organisation_documents
)
