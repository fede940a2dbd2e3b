"""Practice search documents built from the database: only published revisions, only public
fields. The contact is never indexed, public or not: the practice page shows it when
consented."""

from datetime import date
from typing import Any

from sqlmodel import Session

from app.catalog.loader import get_catalog
from app.curation import repository as curated
from app.curation.translations import KEY as TRANSLATIONS
from app.municipalities import index_repository as places
from app.practices import extensions
from app.practices import index_repository as repo
from app.practices.kind import PRACTICE
from app.practices.models import PRACTICE_TEXT, Practice, PracticeRevision
from app.search.documents import (
    Document,
    clean,
    plain_text,
    sort_key,
    upserts_and_deletes,
    valid_geo,
)


def _year(value: str | None) -> int | None:
    return date.fromisoformat(value).year if value else None


def _period(content: dict[str, Any]) -> dict[str, Any]:
    start, end = _year(content.get("start_date")), _year(content.get("end_date"))
    ongoing = bool(content.get("ongoing"))
    if end is None and not ongoing:
        end = start  # a finished practice without an end date: its start year is all we know
    period: dict[str, Any] = {"ongoing": ongoing}
    if start is not None:
        period["start_year"] = start
    if end is not None:
        period["end_year"] = end
    return period


class PracticeContext:
    """Reference data looked up once per batch of documents."""

    def __init__(self, session: Session, public: list[tuple[Practice, PracticeRevision]]):
        self.organisations = repo.organisations(session, [p.organisation_id for p, _ in public])
        codes = [c for _, r in public for c in r.content.get("municipalities", [])]
        self.municipalities = places.municipalities(session, codes)
        self.states = places.states(session)
        self.taxonomies = get_catalog().taxonomies
        self.replicated = extensions.replications_of(session, [p.id or 0 for p, _ in public])


def _places(
    ctx: PracticeContext, content: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[str]]:
    found: list[dict[str, Any]] = [
        {"ibge_code": m.ibge_code, "name": m.name, "uf": m.uf}
        for code in content.get("municipalities", [])
        if (m := ctx.municipalities.get(code)) is not None
    ]
    ufs = list(dict.fromkeys([str(p["uf"]) for p in found] + list(content.get("ufs", []))))
    return found, ufs


def _geo(
    ctx: PracticeContext, found: list[dict[str, Any]], ufs: list[str]
) -> dict[str, float] | None:
    if found:
        m = ctx.municipalities[found[0]["ibge_code"]]
        return valid_geo(m.latitude, m.longitude)
    if ufs and (state := ctx.states.get(ufs[0])) is not None:
        return valid_geo(state.latitude, state.longitude)
    return None


def _replicated(ctx: PracticeContext, practice_id: int) -> dict[str, Any]:
    replicated = ctx.replicated.get(practice_id, extensions.NOT_REPLICATED)
    return {
        "replicated": replicated.count > 0,
        "replicated_ufs": replicated.ufs,
        "replication_count": replicated.count,
    }


# The translated fields the index searches (resources is not searched in any language).
SEARCHED_TEXT = ("title", "summary", "description", "results", "how_to_replicate")


def translated_text(content: dict[str, Any]) -> Document:
    """The approved translations of the searched fields (title_es, ...), cleaned like their
    Portuguese (title and summary are plain text, the rest Markdown); none when untranslated."""
    if not content.get(TRANSLATIONS):
        return {}  # most content: nothing to flatten
    return {
        name: clean(text) if name.startswith(("title_", "summary_")) else plain_text(text)
        for name, text in PRACTICE_TEXT.flat(content).items()
        if text and name.rsplit("_", 1)[0] in SEARCHED_TEXT
    }


def practice_document(
    ctx: PracticeContext, practice: Practice, revision: PracticeRevision
) -> Document:
    c = revision.content
    org = ctx.organisations.get(practice.organisation_id)
    found, ufs = _places(ctx, c)
    tax = ctx.taxonomies
    title = clean(c.get("title", ""))
    doc: Document = {
        "id": practice.id,
        "revision_id": revision.id,
        "title": title,
        "title_sort": sort_key(title),
        "summary": clean(c.get("summary", "")),
        "description": plain_text(c.get("description", "")),
        "results": plain_text(c.get("results", "")),
        "how_to_replicate": plain_text(c.get("how_to_replicate", "")),
        "partners": [clean(p) for p in c.get("partners", [])],
        "themes": list(c.get("themes", [])),
        "theme_labels": [tax.label("themes", s) for s in c.get("themes", [])],
        "audiences": list(c.get("audiences", [])),
        "audience_labels": [tax.label("audiences", s) for s in c.get("audiences", [])],
        "template": practice.template,
        "evidence_level": c.get("evidence_level"),
        "organisation": clean(org.name) if org else "",
        "organisation_type": org.type if org else None,
        "places": found,
        "municipalities": [p["ibge_code"] for p in found],
        "municipality_names": [p["name"] for p in found],
        "ufs": ufs,
        "regions": sorted({ctx.states[u].region for u in ufs if u in ctx.states}),
        "national": c.get("scope") == "national",
        "languages": list(c.get("languages", [])),
        **_period(c),
        "published_at": int(practice.published_at.timestamp()) if practice.published_at else 0,
        **_replicated(ctx, practice.id or 0),
        "call": revision.call_id,
        **translated_text(c),
    }
    if (geo := _geo(ctx, found, ufs)) is not None:
        doc["_geo"] = geo
    return doc


def practice_documents(session: Session, ids: list[int]) -> tuple[dict[int, Document], list[int]]:
    """Current state of these practices: documents to upsert and ids to delete."""
    public = curated.published_items(session, PRACTICE, ids)
    ctx = PracticeContext(session, public)
    docs = {p.id or 0: practice_document(ctx, p, revision) for p, revision in public}
    return upserts_and_deletes(ids, docs)
