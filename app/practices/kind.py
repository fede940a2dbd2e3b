"""Practices as a curated kind: what the curation engine knows of them (the rest,
its name, URL segment, revision key and owning organisation, follows the engine's conventions)."""

from pathlib import Path
from typing import Any

from app.curation.kinds import CuratedKind, KindLabels
from app.practices.models import (
    DRAFT_REQUIRES,
    PRACTICE_TEXT,
    Practice,
    PracticeContent,
    PracticeRevision,
)


def _template_filter(template: str) -> Any:
    return Practice.template == template


PRACTICE = CuratedKind(
    subject=Practice,
    revision=PracticeRevision,
    content_schema=PracticeContent,
    labels=KindLabels.read(Path(__file__).with_name("labels.yaml")),
    template_of=lambda practice: practice.template,
    template_filter=_template_filter,
    translatable=PRACTICE_TEXT,
    draft_requires=DRAFT_REQUIRES,
)
