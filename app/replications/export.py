"""The replications dataset: columns, rows and the declaration app/assembly.py registers with
the open-data read side. The contact is never a column."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import Row
from sqlmodel import Session

from app.opendata import translated
from app.opendata.columns import PUBLICATION
from app.opendata.columns import column as c
from app.opendata.datasets import (
    AtomEntry,
    AtomSpec,
    BundleSpec,
    DatasetSpec,
    curated_feed,
    latest_rows,
    rows_by_key,
    streamed_rows,
)
from app.opendata.rows import public_url, published
from app.replications import export_repository as repo
from app.replications.kind import REPLICATION

COLUMNS = (
    c("id", "int", "Replication id (stable)"),
    c("url", "text", "The replication in the API"),
    c("practice_id", "int", "The practice replicated"),
    c("practice_url", "text", "Public page of the practice"),
    c("practice_title", "text", "Title of the practice"),
    c("organisation_id", "int", "Organisation that replicated it"),
    c("organisation_name", "text", "Its name"),
    c("ibge_code", "int", "IBGE code of the municipality where it happens"),
    c("municipality_name", "text", "Municipality"),
    c("uf", "text", "UF"),
    c("status", "text", "planned | running | ended | discontinued"),
    c("start_date", "date", "Start date"),
    c("end_date", "date", "End date (empty when not ended)"),
    c("adaptations", "text", "What was adapted and why, Markdown"),
    c("results", "text", "Results so far, Markdown"),
    c("figures", "object", "Numbers of the results: [{label, value, unit}] (JSON)"),
    c("links", "list", "Links"),
    c("revision", "int", "Number of the published revision"),
    *PUBLICATION,
    *translated.columns(REPLICATION),
)


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
        **translated.values(REPLICATION, content),
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


REPLICATIONS = DatasetSpec(
    name="replications",
    title="Replicações de boas práticas",
    description="Quem replicou qual prática, onde, desde quando, o que adaptou e como foi, "
    "aprovado pela curadoria (sem os contatos, que nunca são públicos).",
    columns=COLUMNS,
    rows=streamed_rows(repo.replication_query, _builder),
    changed=repo.last_change,
    feed=curated_feed(REPLICATION, rows_by_key(repo.replications_by_ids, _builder)),
    atom=AtomSpec(
        title="replicações de boas práticas",
        latest=latest_rows(repo.latest_replications, _builder),
        entry=_entry,
    ),
    bundle=BundleSpec(
        table="replications",
        key="id",
        indexes=("CREATE INDEX ix_replications_practice_id ON replications (practice_id)",),
    ),
)
