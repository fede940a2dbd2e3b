"""Migration policies as a curated kind: what the curation engine knows of them (the rest,
its name, URL segment, revision key and owning organisation, follows the engine's conventions)."""

from pathlib import Path

from app.curation.kinds import CuratedKind, KindLabels
from app.policies.models import DRAFT_REQUIRES, POLICY_TEXT, Policy, PolicyContent, PolicyRevision

POLICY = CuratedKind(
    subject=Policy,
    revision=PolicyRevision,
    content_schema=PolicyContent,
    labels=KindLabels.read(Path(__file__).with_name("labels.yaml")),
    translatable=POLICY_TEXT,
    draft_requires=DRAFT_REQUIRES,
)
