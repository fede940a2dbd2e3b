"""The policy registry's search index: the published revision of each policy in force,
repealed or under discussion (status is a facet: users filter "em vigor"), its settings and
the outbox events it follows. Registered at assembly."""

from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session

from app.catalog.loader import get_catalog
from app.curation import repository as curated
from app.curation.indexes import curated_index, translated_settings
from app.municipalities import index_repository as places
from app.policies.kind import POLICY
from app.policies.models import INSTRUMENT_LABELS, POLICY_TEXT, STATUS_LABELS
from app.search.documents import Document, clean, sort_key, upserts_and_deletes

SEARCHABLE = ["title", "number", "theme_labels", "summary", "instrument_label", "municipality_name"]


def policy_settings() -> dict[str, Any]:
    return translated_settings(
        POLICY,
        SEARCHABLE,
        filterable=["level", "uf", "ibge_code", "themes", "status", "instrument_type"],
        sortable=["date_ts", "title_sort"],
    )


def policy_documents(session: Session, ids: list[int]) -> tuple[dict[int, Document], list[int]]:
    """Current state of these policies: documents to upsert and ids to delete."""
    public = curated.published_items(session, POLICY, ids)
    codes = [code for _, r in public if (code := r.content.get("ibge_code"))]
    found = places.municipalities(session, codes)
    taxonomies = get_catalog().taxonomies
    docs: dict[int, Document] = {}
    for policy, revision in public:
        c: dict[str, Any] = revision.content
        place = found.get(c.get("ibge_code") or 0)
        title = clean(c["title"])
        doc: Document = {
            "id": policy.id,
            "title": title,
            "title_sort": sort_key(title),
            "summary": clean(c["summary"]),
            "instrument_type": c["instrument_type"],
            "instrument_label": INSTRUMENT_LABELS[c["instrument_type"]]["pt-BR"],
            "number": c.get("number", ""),
            "date": c["date"],
            "date_ts": int(
                datetime.combine(
                    date.fromisoformat(c["date"]), datetime.min.time(), UTC
                ).timestamp()
            ),
            "level": c["level"],
            "uf": c.get("uf") or (place.uf if place else None),
            "ibge_code": c.get("ibge_code"),
            "municipality_name": place.name if place else None,
            "themes": list(c["themes"]),
            "theme_labels": [taxonomies.label("themes", s) for s in c["themes"]],
            "status": c["status"],
            "status_label": STATUS_LABELS[c["status"]]["pt-BR"],
            "official_url": c["official_url"],
            "published_at": int(policy.published_at.timestamp()) if policy.published_at else 0,
            # Its approved translations (title_es, summary_en, ...); none when untranslated.
            **{name: clean(text) for name, text in POLICY_TEXT.flat(c).items() if text},
        }
        docs[policy.id or 0] = doc
    return upserts_and_deletes(ids, docs)


POLICIES = curated_index(POLICY, "policies", policy_settings, policy_documents)
