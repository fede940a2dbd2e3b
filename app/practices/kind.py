"""Practices as a curated kind: what the curation engine knows of them."""

from typing import Any

from app.curation.kinds import CuratedKind, KindLabels
from app.practices.models import Practice, PracticeContent, PracticeRevision


def _template_filter(template: str) -> Any:
    return Practice.template == template


PRACTICE = CuratedKind(
    name="practice",
    segment="practices",
    subject=Practice,
    revision=PracticeRevision,
    parent_key="practice_id",
    content_schema=PracticeContent,
    labels=KindLabels(
        singular={"pt-BR": "prática", "es": "práctica", "en": "practice", "fr": "pratique"},
        plural={"pt-BR": "práticas", "es": "prácticas", "en": "practices", "fr": "pratiques"},
    ),
    owner_of=lambda practice: practice.organisation_id,
    template_of=lambda practice: practice.template,
    template_filter=_template_filter,
)
