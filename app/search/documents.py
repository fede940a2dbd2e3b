"""Search documents built from the database: only published revisions, only public fields.

The contact is never indexed, public or not: the practice page shows it when consented."""

import hashlib
import json
import math
import re
import unicodedata
from datetime import date
from typing import Any

from markdown_it import MarkdownIt
from sqlmodel import Session

from app.catalog.loader import get_catalog
from app.practices.models import Practice, PracticeRevision
from app.search import repository as repo

# Private-use characters mark highlights inside Meilisearch's _formatted text. They are
# removed from indexed text, so only Meilisearch can put them there.
MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"
_MARKERS = re.compile(f"[{MARK_OPEN}{MARK_CLOSE}]")
_SPACES = re.compile(r"\s+")
# Anything markdown could turn into markup: emphasis, links, headings, code, quotes, lists,
# tables, HTML, entities, escapes, setext underlines.
_MARKDOWN = re.compile(r"[*_#>`\[\]<|~\\&]|^\s*(?:[-+]|\d+[.)])\s|^\s*[=-]{2,}\s*$", re.M)
_md = MarkdownIt("commonmark", {"html": False})

Document = dict[str, Any]


def clean(text: str) -> str:
    return _SPACES.sub(" ", _MARKERS.sub("", text)).strip()


def plain_text(markdown: str) -> str:
    """Markdown as the words a reader sees (no markup, no link targets, no raw HTML)."""
    if not _MARKDOWN.search(markdown or ""):
        return clean(markdown or "")  # nothing to parse: most results/how-to texts are plain
    parts: list[str] = []
    for token in _md.parse(markdown or ""):
        if token.type in ("inline", "fence", "code_block"):
            children = token.children or []
            if not children:
                parts.append(token.content)
            for child in children:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
            parts.append(" ")
    return clean("".join(parts))


def sort_key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


def content_hash(doc: Document) -> str:
    body = {k: v for k, v in doc.items() if k != "hash"}
    raw = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def valid_geo(lat: float | None, lng: float | None) -> dict[str, float] | None:
    """Meilisearch accepts lat 999 and then never finds it; one bad _geo fails a whole batch."""
    if lat is None or lng is None or not (math.isfinite(lat) and math.isfinite(lng)):
        return None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None
    return {"lat": round(lat, 6), "lng": round(lng, 6)}


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

    def __init__(self, session: Session, practices: list[Practice]):
        self.revisions = repo.revisions(session, [p.published_revision_id or 0 for p in practices])
        self.organisations = repo.organisations(session, [p.organisation_id for p in practices])
        codes = [c for r in self.revisions.values() for c in r.content.get("municipalities", [])]
        self.municipalities = repo.municipalities(session, codes)
        self.states = repo.states(session)
        self.taxonomies = get_catalog().taxonomies


def _places(
    ctx: PracticeContext, content: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[str]]:
    places: list[dict[str, Any]] = [
        {"ibge_code": m.ibge_code, "name": m.name, "uf": m.uf}
        for code in content.get("municipalities", [])
        if (m := ctx.municipalities.get(code)) is not None
    ]
    ufs = list(dict.fromkeys([str(p["uf"]) for p in places] + list(content.get("ufs", []))))
    return places, ufs


def _geo(
    ctx: PracticeContext, places: list[dict[str, Any]], ufs: list[str]
) -> dict[str, float] | None:
    if places:
        m = ctx.municipalities[places[0]["ibge_code"]]
        return valid_geo(m.latitude, m.longitude)
    if ufs and (state := ctx.states.get(ufs[0])) is not None:
        return valid_geo(state.latitude, state.longitude)
    return None


def practice_document(
    ctx: PracticeContext, practice: Practice, revision: PracticeRevision
) -> Document:
    c = revision.content
    org = ctx.organisations.get(practice.organisation_id)
    places, ufs = _places(ctx, c)
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
        "places": places,
        "municipalities": [p["ibge_code"] for p in places],
        "municipality_names": [p["name"] for p in places],
        "ufs": ufs,
        "regions": sorted({ctx.states[u].region for u in ufs if u in ctx.states}),
        "national": c.get("scope") == "national",
        "languages": list(c.get("languages", [])),
        **_period(c),
        "published_at": int(practice.published_at.timestamp()) if practice.published_at else 0,
    }
    if (geo := _geo(ctx, places, ufs)) is not None:
        doc["_geo"] = geo
    doc["hash"] = content_hash(doc)
    return doc


def practice_documents(session: Session, ids: list[int]) -> tuple[dict[int, Document], list[int]]:
    """Current state of these practices: documents to upsert and ids to delete."""
    found = repo.practices(session, ids)
    # Public: approved at least once and not archived (the curation domain's definition).
    public = [p for p in found if p.published_revision_id is not None and p.archived_at is None]
    ctx = PracticeContext(session, public)
    docs: dict[int, Document] = {}
    for practice in public:
        revision = ctx.revisions.get(practice.published_revision_id or 0)
        if revision is not None:
            docs[practice.id or 0] = practice_document(ctx, practice, revision)
    return docs, [i for i in ids if i not in docs]


def municipality_documents(
    session: Session, codes: list[int]
) -> tuple[dict[int, Document], list[int]]:
    found = repo.municipalities(session, codes)
    states = repo.states(session)
    docs: dict[int, Document] = {}
    for code, m in found.items():
        state = states.get(m.uf)
        doc: Document = {
            "ibge_code": code,
            "name": m.name,
            "name_sort": sort_key(m.name),
            "uf": m.uf,
            "state_name": state.name if state else "",
            "is_capital": m.is_capital,
        }
        if (geo := valid_geo(m.latitude, m.longitude)) is not None:
            doc["_geo"] = geo
        doc["hash"] = content_hash(doc)
        docs[code] = doc
    return docs, [c for c in codes if c not in docs]
