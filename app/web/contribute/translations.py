"""The translation fields every kind's form offers, from its declaration (the fields that
translate): one <details> per language (es, en, fr) whose inputs are named
`translations.<lang>.<field>`, prefilled from the item's latest revision, checked with the
same limits as the Portuguese (each problem beside its field) and sent with the edit, where an
emptied field removes that translation."""

from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from app.curation.kinds import CuratedKind
from app.curation.translations import KEY, TARGETS
from app.web import translated
from app.web.contribute.form import Form
from app.web.i18n import LANG_NAMES
from app.web.translated import name

LONG = ("description", "results", "resources", "how_to_replicate", "adaptations")


def prefill(form: Form, kind: CuratedKind, content: dict[str, Any]) -> None:
    """The item's stored translations into its form."""
    if kind.translatable is None:
        return
    stored = content.get(KEY) or {}
    for lang in TARGETS:
        for field in kind.translatable.fields:
            form.values[name(lang, field)] = (stored.get(lang) or {}).get(field) or ""


def read(form: Form, kind: CuratedKind, posted: FormData) -> None:
    """The translation fields as posted, kept as typed."""
    if kind.translatable is None:
        return
    for lang in TARGETS:
        for field in kind.translatable.fields:
            form.values[name(lang, field)] = str(posted.get(name(lang, field)) or "").strip()


def checked(form: Form, kind: CuratedKind) -> dict[str, dict[str, str | None]]:
    """Each language's fields (an empty one: None, which removes it), every problem placed
    beside its field; nothing for a kind whose text does not translate."""
    declared = kind.translatable
    if declared is None:
        return {}
    edits: dict[str, dict[str, str | None]] = {}
    for lang in TARGETS:
        fields = {f: form.values.get(name(lang, f)) or None for f in declared.fields}
        try:
            declared.edit_model.model_validate(fields)
        except ValidationError as exc:
            for error in exc.errors():
                field = str(error["loc"][0]) if error["loc"] else ""
                message = form.translate(error["type"], error["msg"], dict(error.get("ctx") or {}))
                form.add(name(lang, field), message)
        edits[lang] = fields
    return edits


def given(edits: dict[str, dict[str, str | None]]) -> bool:
    """Whether any translation was typed (a new item's form sends them only then)."""
    return any(text for fields in edits.values() for text in fields.values())


def context(kind: CuratedKind, field_labels: dict[str, str]) -> dict[str, Any]:
    """What the form's template draws: each language's fields with their labels, and those
    labels for the error summary."""
    if kind.translatable is None:
        return {}
    known = translated.labels(kind, field_labels)
    languages = [
        (lang, LANG_NAMES[lang], [(f, label, f in LONG) for f, label in known.items()])
        for lang in TARGETS
    ]
    return {
        "translation_fields": languages,
        "field_labels": {**field_labels, **translated.named(kind, field_labels)},
    }
