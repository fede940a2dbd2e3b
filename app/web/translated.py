"""Curated text in the reader's language on the site: an item's content read in the interface
language where its approved translation has the field, in Portuguese (the reference) where
not, with the language of each field (pages mark it with `lang`) and whether to say that the
content is in Portuguese."""

from dataclasses import dataclass, field
from typing import Any

from app.core.languages import REFERENCE
from app.curation.kinds import CuratedKind
from app.curation.translations import KEY, TARGETS, field_languages, in_language
from app.web.i18n import LANG_NAMES, N_, _

# The interface's words for each field that translates, whatever the kind (its form's label
# when it has one for the field).
LABELS = {
    "title": N_("Title"),
    "summary": N_("Summary"),
    "description": N_("Description"),
    "results": N_("Results"),
    "resources": N_("Resources needed"),
    "how_to_replicate": N_("How to replicate"),
    "adaptations": N_("What was adapted and why"),
}


@dataclass(frozen=True)
class Reading:
    content: dict[str, Any]  # what the page prints
    text_lang: dict[str, str] = field(default_factory=dict)  # field -> the language it reads in
    in_portuguese: str = ""  # "all" or "some" of the translatable text, on a page not in pt-BR

    @property
    def lang(self) -> str:
        """The language of the item's title (its main text)."""
        return self.text_lang.get("title", REFERENCE)


def reading(kind: CuratedKind, content: dict[str, Any], lang: str) -> Reading:
    """The content as a page in `lang` shows it."""
    declared = kind.translatable
    if declared is None:
        return Reading(content)
    shown, _answered = in_language(content, lang)
    langs = field_languages(declared, content, lang)
    present = [name for name in declared.fields if content.get(name)]
    left = [name for name in present if langs[name] == REFERENCE]
    note = "" if lang == REFERENCE or not left else "all" if left == present else "some"
    return Reading(shown, langs, note)


def name(lang: str, field: str) -> str:
    """A translated field's name in forms and diffs: translations.es.title."""
    return f"{KEY}.{lang}.{field}"


def labels(kind: CuratedKind, known: dict[str, str] | None = None) -> dict[str, str]:
    """Each translatable field's label (the kind's form's own when `known` has it)."""
    fields = kind.translatable.fields if kind.translatable else ()
    return {f: (known or {}).get(f) or _(LABELS.get(f, f)) for f in fields}


def named(kind: CuratedKind, known: dict[str, str] | None = None) -> dict[str, str]:
    """translations.es.title -> "Title (Español)", for every language and field."""
    return {
        name(lang, f): f"{label} ({LANG_NAMES[lang]})"
        for lang in TARGETS
        for f, label in labels(kind, known).items()
    }


@dataclass(frozen=True)
class Beside:
    """One language's translation beside the Portuguese, as curators review it."""

    lang: str
    rows: list[tuple[str, str, str]]  # (label, Portuguese, translation)

    @property
    def name(self) -> str:
        return LANG_NAMES[self.lang]


def beside(kind: CuratedKind, content: dict[str, Any]) -> list[Beside]:
    """Every translation a revision holds, field by field beside its Portuguese."""
    stored = content.get(KEY) or {}
    fields = labels(kind)
    return [
        Beside(
            lang,
            [
                (label, str(content.get(f) or ""), stored[lang][f])
                for f, label in fields.items()
                if stored[lang].get(f)
            ],
        )
        for lang in TARGETS
        if stored.get(lang)
    ]
