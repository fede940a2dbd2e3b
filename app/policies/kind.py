"""Migration policies as a curated kind: what the curation engine knows of them (the rest,
its URL segment, revision key and owning organisation, follows the engine's conventions)."""

from app.core.languages import per_language
from app.curation.kinds import CuratedKind, KindLabels
from app.policies.models import DRAFT_REQUIRES, POLICY_TEXT, Policy, PolicyContent, PolicyRevision

POLICY = CuratedKind(
    name="policy",
    subject=Policy,
    revision=PolicyRevision,
    content_schema=PolicyContent,
    labels=KindLabels(
        singular=per_language("política", "política", "policy", "politique"),
        plural=per_language("políticas", "políticas", "policies", "politiques"),
    ),
    translatable=POLICY_TEXT,
    draft_requires=DRAFT_REQUIRES,
)
