"""The replications dataset: how a published replication becomes its row (its columns and
catalogue words are declared in datasets.yaml), and the declaration app/assembly.py registers
with the open-data read side. The contact is never a column."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Row
from sqlmodel import Session

from app.opendata.datasets import AtomEntry
from app.opendata.declared import curated, read
from app.opendata.rows import public_url, published
from app.replications import export_repository as repo
from app.replications.kind import REPLICATION

DECLARED = read(Path(__file__).with_name("datasets.yaml"))["replications"]


def replication_row(row: Row[Any]) -> dict[str, Any]:
    content: dict[str, Any] = row.content
    practice: dict[str, Any] = row.practice_content or {}
    return {
        "id": row.id,
        "url": public_url(f"/api/v1/replications/{row.id}"),
        "practice_id": row.practice_id,
        "practice_url": public_url(f"/praticas/{row.practice_id}"),
        "practice_title": practice.get("title"),
        "organisation_id": row.organisation_id,
        "organisation_name": row.organisation_name,
        "ibge_code": content.get("ibge_code"),
        "municipality_name": content.get("municipality_name"),
        "uf": content.get("uf"),
        "status": content.get("status"),
        "start_date": content.get("start_date"),
        "end_date": content.get("end_date"),
        "adaptations": content.get("adaptations", ""),
        "results": content.get("results", ""),
        "figures": content.get("figures") or [],
        "links": content.get("links") or [],
        "revision": row.revision,
        **published(row),
    }


def _builder(_session: Session) -> Callable[[Row[Any]], dict[str, Any]]:
    return replication_row


def _entry(row: dict[str, Any]) -> AtomEntry:
    return AtomEntry(
        url=public_url(f"/replicacoes/{row['id']}"),
        title=f"{row['practice_title']} — {row['municipality_name']}/{row['uf']}",
        summary=row["adaptations"],
        published=row["published_at"],
        updated=row["updated_at"],
        author=row["organisation_name"],
    )


REPLICATIONS = curated(REPLICATION, DECLARED, repo.replication_query, _builder, entry=_entry)
