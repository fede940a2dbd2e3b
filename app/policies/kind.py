"""Migration policies as a curated kind: what the curation engine knows of them."""

from app.curation.kinds import CuratedKind, KindLabels
from app.policies.models import Policy, PolicyContent, PolicyRevision

POLICY = CuratedKind(
    name="policy",
    segment="policies",
    subject=Policy,
    revision=PolicyRevision,
    parent_key="policy_id",
    content_schema=PolicyContent,
    labels=KindLabels(
        singular={"pt-BR": "política", "es": "política", "en": "policy", "fr": "politique"},
        plural={"pt-BR": "políticas", "es": "políticas", "en": "policies", "fr": "politiques"},
    ),
    owner_of=lambda policy: policy.organisation_id,
)
