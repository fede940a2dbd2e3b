"""The translated text of a curated kind in its dataset: one column per declared field and
language (title_es, summary_en, ...) after the kind's own, and the languages it reads in. The
exports, the offline bundle, the change feed and webhooks carry them like any column."""

from typing import Any

from app.curation.kinds import CuratedKind
from app.curation.translations import TARGETS, available
from app.opendata.columns import Column, column

NAMES = {"es": "Spanish", "en": "English", "fr": "French"}


def columns(kind: CuratedKind) -> tuple[Column, ...]:
    """The kind's translation columns (none when nothing of it translates)."""
    declared = kind.translatable
    if declared is None:
        return ()
    return (
        column(
            "languages_translated", "list", "Languages its text is translated into (es, en, fr)"
        ),
        *(
            column(f"{name}_{lang}", "text", f"`{name}` in {NAMES[lang]} (null: untranslated)")
            for lang in TARGETS
            for name in declared.fields
        ),
    )


def values(kind: CuratedKind, content: dict[str, Any]) -> dict[str, Any]:
    """A published revision's values for those columns."""
    if kind.translatable is None:
        return {}
    flat = kind.translatable.flat(content)
    return {
        "languages_translated": available(content)[1:],
        **{k: v or None for k, v in flat.items()},
    }
