"""Replications as a curated kind: what the curation engine knows of them (the rest, its URL
segment, revision key and owning organisation, follows the engine's conventions)."""

from typing import Any

from app.core.languages import per_language
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
    name="replication",
    subject=Replication,
    revision=ReplicationRevision,
    content_schema=ReplicationContent,
    labels=KindLabels(
        singular=per_language("replicação", "replicación", "replication", "réplication"),
        plural=per_language("replicações", "replicaciones", "replications", "réplications"),
    ),
    title_of=_title,
    translatable=REPLICATION_TEXT,
)
