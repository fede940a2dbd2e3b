"""Replications as a curated kind: what the curation engine knows of them (the rest, its name, URL
segment, revision key and owning organisation, follows the engine's conventions)."""

from pathlib import Path
from typing import Any

from app.curation.kinds import CuratedKind, KindLabels
from app.replications.models import (
    REPLICATION_TEXT,
    Replication,
    ReplicationContent,
    ReplicationRevision,
)


def _title(content: dict[str, Any]) -> str:
    # A replication has no title of its own: the queue shows where and since when.
    place = content.get("municipality_name") or content.get("ibge_code")
    return f"{place}/{content.get('uf', '')} ({content.get('start_date')})"


REPLICATION = CuratedKind(
    subject=Replication,
    revision=ReplicationRevision,
    content_schema=ReplicationContent,
    labels=KindLabels.read(Path(__file__).with_name("labels.yaml")),
    title_of=_title,
    translatable=REPLICATION_TEXT,
)
