"""The practices dataset: how a published practice becomes its row (its columns and catalogue
words are declared in datasets.yaml), and the declaration app/assembly.py registers with the
open-data read side. Private contact data leaves
only with the submitter's consent."""

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Row
from sqlmodel import Session

from app.catalog.loader import get_catalog
from app.municipalities.export_repository import municipality_names
from app.opendata.datasets import AtomEntry
from app.opendata.declared import curated, read
from app.opendata.rows import public_url, published
from app.practices import export_repository as repo
from app.practices.kind import PRACTICE

DECLARED = read(Path(__file__).with_name("datasets.yaml"))["practices"]


def practice_row(row: Row[Any], names: dict[int, str]) -> dict[str, Any]:
    content: dict[str, Any] = row.content
    contact = (content.get("contact") or {}) if content.get("contact_public") else {}
    codes = list(content.get("municipalities") or [])
    return {
        "id": row.id,
        "url": public_url(f"/praticas/{row.id}"),
        "title": content.get("title"),
        "summary": content.get("summary"),
        "description": content.get("description"),
        "template": row.template,
        "themes": content.get("themes") or [],
        "audiences": content.get("audiences") or [],
        "scope": content.get("scope"),
        "municipalities": codes,
        "municipality_names": [names.get(code, "") for code in codes],
        "ufs": [uf for uf in row.ufs_key.split("|") if uf],  # a state's, or its municipalities'
        "organisation_id": row.organisation_id,
        "organisation_name": row.organisation_name,
        "organisation_type": row.organisation_type,
        "partners": content.get("partners") or [],
        "start_date": content.get("start_date"),
        "end_date": content.get("end_date"),
        "ongoing": bool(content.get("ongoing")),
        "results": content.get("results", ""),
        "evidence_level": content.get("evidence_level"),
        "resources": content.get("resources", ""),
        "how_to_replicate": content.get("how_to_replicate", ""),
        "languages": content.get("languages") or [],
        "links": content.get("links") or [],
        "contact_name": contact.get("name"),
        "contact_email": contact.get("email"),
        "contact_phone": contact.get("phone"),
        "details": content.get("details") or {},
        "revision": row.revision,
        **published(row),
        "call_id": row.call_id,
    }


def _builder(session: Session) -> Callable[[Row[Any]], dict[str, Any]]:
    return partial(practice_row, names=municipality_names(session))


def _entry(row: dict[str, Any]) -> AtomEntry:
    labels = get_catalog().taxonomies
    return AtomEntry(
        url=row["url"],
        title=row["title"],
        summary=row["summary"],
        published=row["published_at"],
        updated=row["updated_at"],
        author=row["organisation_name"],
        categories=[(slug, labels.label("themes", slug)) for slug in row["themes"]],
    )


PRACTICES = curated(PRACTICE, DECLARED, repo.practice_query, _builder, entry=_entry)
