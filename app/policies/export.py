"""The policies dataset: how a published policy becomes its row (its columns and catalogue words
are declared in datasets.yaml), and the declaration app/assembly.py registers with the
open-data read side."""

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Row
from sqlmodel import Session

from app.municipalities.export_repository import municipality_names
from app.opendata.declared import curated, read
from app.opendata.rows import iso, public_url, published
from app.policies import export_repository as repo
from app.policies.kind import POLICY

DECLARED = read(Path(__file__).with_name("datasets.yaml"))["policies"]


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
    }


def _builder(session: Session) -> Callable[[Row[Any]], dict[str, Any]]:
    return partial(policy_row, names=municipality_names(session))


POLICIES = curated(POLICY, DECLARED, repo.policy_query, _builder, changed=repo.last_change)
