"""The policy registry's search index: the published revision of each policy in force,
repealed or under discussion (status is a facet: users filter "em vigor"), its settings and
the outbox events it follows. Registered at assembly."""

from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session

from app.catalog.loader import get_catalog
from app.municipalities import index_repository as places
from app.outbox.models import EntityType
from app.policies import index_repository as repo
from app.policies.models import INSTRUMENT_LABELS, STATUS_LABELS
from app.search.documents import Document, clean, content_hash, sort_key
from app.search.specs import PORTUGUESE, RANKING_RULES, TYPOS, IndexSpec, synonyms


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


def policy_documents(session: Session, ids: list[int]) -> tuple[dict[int, Document], list[int]]:
    """Current state of these policies: documents to upsert and ids to delete."""
    public = [
        p
        for p in repo.policies(session, ids)
        if p.published_revision_id is not None and p.archived_at is None
    ]
    revisions = repo.policy_revisions(session, [p.published_revision_id or 0 for p in public])
    codes = [code for r in revisions.values() if (code := r.content.get("ibge_code"))]
    found = places.municipalities(session, codes)
    taxonomies = get_catalog().taxonomies
    docs: dict[int, Document] = {}
    for policy in public:
        revision = revisions.get(policy.published_revision_id or 0)
        if revision is None:
            continue
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
        }
        doc["hash"] = content_hash(doc)
        docs[policy.id or 0] = doc
    return docs, [i for i in ids if i not in docs]


POLICIES = IndexSpec(
    key="policies",
    primary_key="id",
    settings=policy_settings,
    build=policy_documents,
    all_ids=repo.published_policy_ids,
    follows={EntityType.policy: lambda _session, pid: [pid]},
)
