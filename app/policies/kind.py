"""Migration policies as a curated kind: what the curation engine knows of them (the rest,
its URL segment, revision key and owning organisation, follows the engine's conventions)."""

from app.curation.kinds import CuratedKind, KindLabels
from app.policies.models import DRAFT_REQUIRES, POLICY_TEXT, Policy, PolicyContent, PolicyRevision

POLICY = CuratedKind(
    name="policy",
    subject=Policy,
    revision=PolicyRevision,
    content_schema=PolicyContent,
    labels=KindLabels(
        singular={"pt-BR": "política", "es": "política", "en": "policy", "fr": "politique"},
        plural={"pt-BR": "políticas", "es": "políticas", "en": "policies", "fr": "politiques"},
    ),
    translatable=POLICY_TEXT,
    draft_requires=DRAFT_REQUIRES,
)
