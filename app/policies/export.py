"""The policies dataset: columns, rows and the declaration app/assembly.py registers with the
open-data read side."""

from collections.abc import Callable
from functools import partial
from typing import Any

from sqlalchemy import Row
from sqlmodel import Session

from app.municipalities.export_repository import municipality_names
from app.opendata import translated
from app.opendata.columns import PUBLICATION
from app.opendata.columns import column as c
from app.opendata.datasets import BundleSpec, DatasetSpec, curated_feed, rows_by_key, streamed_rows
from app.opendata.rows import iso, public_url, published
from app.policies import export_repository as repo
from app.policies.kind import POLICY

COLUMNS = (
    c("id", "int", "Policy id (stable)"),
    c("url", "text", "The policy in the API"),
    c("instrument_type", "text", "lei | decreto | portaria | resolucao | plano | ato-comite"),
    c("number", "text", "Number, e.g. 13.445/2017"),
    c("date", "date", "Date of the instrument"),
    c("title", "text", "Title"),
    c("summary", "text", "Summary"),
    c("official_url", "text", "Official text"),
    c("level", "text", "federal | state | municipal"),
    c("uf", "text", "UF (state and municipal instruments)"),
    c("ibge_code", "int", "IBGE code (municipal instruments)"),
    c("municipality_name", "text", "Municipality (municipal instruments)"),
    c("themes", "list", "Theme slugs"),
    c("status", "text", "em-vigor | revogada | em-tramitacao"),
    *PUBLICATION,
    c("last_verified_at", "datetime", "Last verification by a curator (UTC)"),
    *translated.columns(POLICY),
)


def policy_row(row: Row[Any], names: dict[int, str]) -> dict[str, Any]:
    content: dict[str, Any] = row.content
    code = content.get("ibge_code")
    return {
        "id": row.id,
        "url": public_url(f"/api/v1/policies/{row.id}"),
        "instrument_type": content.get("instrument_type"),
        "number": content.get("number", ""),
        "date": content.get("date"),
        "title": content.get("title"),
        "summary": content.get("summary"),
        "official_url": content.get("official_url"),
        "level": content.get("level"),
        "uf": content.get("uf"),
        "ibge_code": code,
        "municipality_name": names.get(code) if code else None,
        "themes": content.get("themes") or [],
        "status": content.get("status"),
        **published(row),
        "last_verified_at": iso(row.last_verified_at),
        **translated.values(POLICY, content),
    }


def _builder(session: Session) -> Callable[[Row[Any]], dict[str, Any]]:
    return partial(policy_row, names=municipality_names(session))


POLICIES = DatasetSpec(
    name="policies",
    title="Políticas migratórias registradas",
    description="Leis, decretos, portarias, planos e atos de criação de comitês sobre "
    "migração, nos níveis federal, estadual e municipal.",
    columns=COLUMNS,
    rows=streamed_rows(repo.policy_query, _builder),
    changed=repo.last_change,
    feed=curated_feed(POLICY, rows_by_key(repo.policies_by_ids, _builder)),
    bundle=BundleSpec(
        table="policies",
        key="id",
        national=True,
        indexes=("CREATE INDEX ix_policies_level ON policies (level, uf)",),
    ),
    labelled=(("themes", "themes"),),
)
