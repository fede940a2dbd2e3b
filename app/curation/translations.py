"""Translations of curated content, declared once per kind: which text fields of its content
translate (`Translatable`). An item's translations live in its revision's content under
`translations` ({"es": {"title": ...}, "en": ...}), so they are written by whoever may edit the
item, reviewed and approved with the revision they belong to, diffed with it, and public only
once it is published. Portuguese is the reference: a field without a translation is read in
Portuguese, and the reference fields stay required whatever is translated."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from annotated_types import BaseMetadata
from pydantic import (
    BaseModel,
    Field,
    GetCoreSchemaHandler,
    SerializerFunctionWrapHandler,
    computed_field,
    create_model,
    model_serializer,
)
from pydantic_core import CoreSchema
from sqlmodel import SQLModel

from app.core.languages import LANGUAGES, REFERENCE
from app.core.text import NormalisedText

KEY = "translations"  # where a revision's content holds them
TARGETS: tuple[str, ...] = LANGUAGES[1:]
Target = Literal["es", "en", "fr"]
assert set(TARGETS) == set(Target.__args__)  # type: ignore[attr-defined]

# What a kind's content stores and its create and edit models accept, as mypy sees it; the
# declaration's markers (`Translatable.stored`, `.edits`) give pydantic the precise shape.
Stored = dict[str, dict[str, str]]
Edits = dict[str, dict[str, str | None] | None]
EDITS = "Per language (es, en, fr) and field: a text sets it, null removes it"


class TranslatedContent(SQLModel):
    """Mixin of a kind's content schema: the translations its revision holds (checked on the
    way in by the kind's create and edit models)."""

    translations: Stored = Field(
        default_factory=dict,
        description="The text fields in es, en or fr (Portuguese, the reference, is the rest)",
    )


class _Translation(NormalisedText):
    model_config = {"extra": "forbid"}


class _StoredTranslation(_Translation):
    """A language's translation as stored: only the fields it has."""

    @model_serializer(mode="wrap")
    def _present(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return {name: value for name, value in handler(self).items() if value}


@dataclass(frozen=True)
class _Shape:
    """Annotated metadata standing for the precise shape of a kind's translations, so each
    kind's OpenAPI lists its fields and a bad one is a 422 naming the language and field."""

    target: Any

    def __get_pydantic_core_schema__(
        self, _source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return handler.generate_schema(self.target)


class Translatable:
    """The text fields of a kind's content schema that translate. A translated field obeys the
    same limits as its Portuguese (min and max length); every field is optional."""

    def __init__(self, schema: type[BaseModel], *fields: str) -> None:
        unknown = [f for f in fields if f not in schema.model_fields]
        if unknown or not fields:
            raise ValueError(f"{schema.__name__}: no text fields {unknown} to translate")
        self.fields = fields
        definitions: dict[str, Any] = {}
        for name in fields:
            info = schema.model_fields[name]
            if info.annotation is not str:
                raise ValueError(f"{schema.__name__}.{name} is not text and cannot translate")
            # Its length limits (annotated_types constraints; SQLModel's own metadata is not one).
            limits = [m for m in info.metadata if isinstance(m, BaseMetadata)]
            text = Annotated[(str, *limits)]
            definitions[name] = (text | None, Field(default=None, description=info.description))
        name = f"{schema.__name__.removesuffix('Content')}Translation"
        stored = create_model(name, __base__=_StoredTranslation, **definitions)
        # An edit's explicit nulls are kept: they remove a field.
        edit = create_model(f"{name}Edit", __base__=_Translation, **definitions)
        self.edit_model: type[BaseModel] = edit
        self.stored = _Shape(dict[Target, stored])
        self.edits = _Shape(dict[Target, edit | None])

    @property
    def edit_field(self) -> tuple[Any, Any]:
        """The `translations` field of the kind's edit model (app.core.edits.partial)."""
        return Annotated[Edits, self.edits] | None, Field(default=None, description=EDITS)

    def beside(self, attributes: list[str]) -> list[str]:
        """Search attributes in their order, each translated one followed by its languages'."""
        return [
            found
            for name in attributes
            for found in (name, *(f"{name}_{lang}" for lang in TARGETS if name in self.fields))
        ]

    def by_language(self, among: list[str]) -> dict[str, list[str]]:
        """Language -> the flat names of its translations of the fields `among` (an index's
        searchable attributes), for the index's per-language tokenization."""
        return {lang: [f"{n}_{lang}" for n in self.fields if n in among] for lang in TARGETS}

    def flat(self, content: Mapping[str, Any]) -> dict[str, str]:
        """Every translated field of this content by its flat name ("" when untranslated)."""
        stored = content.get(KEY) or {}
        return {
            f"{name}_{lang}": str((stored.get(lang) or {}).get(name) or "")
            for lang in TARGETS
            for name in self.fields
        }


def merged(content: Mapping[str, Any], changes: Mapping[str, Any]) -> Stored:
    """The translations after an edit of this content: a field set to a text replaces it, to
    null or "" removes it, a language set to null removes it whole (and `translations: null`
    changes nothing); languages left without fields are dropped."""
    stored = content.get(KEY) or {}
    result = {lang: dict(fields) for lang, fields in stored.items() if fields}
    for lang, fields in (changes.get(KEY) or {}).items():
        if fields is None:
            result.pop(lang, None)
            continue
        current = result.setdefault(lang, {})
        for name, value in fields.items():
            if value:
                current[name] = value
            else:
                current.pop(name, None)
    return {lang: result[lang] for lang in TARGETS if result.get(lang)}


def edited(
    declared: "Translatable | None", content: Mapping[str, Any], changes: Mapping[str, Any]
) -> dict[str, Any]:
    """The content after an edit's changes, its translations merged per language and field."""
    result = {**content, **changes}
    if declared is not None and KEY in changes:
        result[KEY] = merged(content, changes)
    return result


def available(content: Mapping[str, Any]) -> list[str]:
    """The languages the content reads in: Portuguese, then each translated language."""
    stored = content.get(KEY) or {}
    return [REFERENCE, *(lang for lang in TARGETS if stored.get(lang))]


def changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The languages whose translation is new or different in `after` (announced on approval)."""
    old, new = before.get(KEY) or {}, after.get(KEY) or {}
    return [lang for lang in TARGETS if new.get(lang) and new.get(lang) != old.get(lang)]


def chosen(requested: str | None, accepted: str | None) -> str:
    """The language a reader asks for: ?lang=, then their Accept-Language, then Portuguese."""
    return requested or accepted or REFERENCE


def in_language(content: Mapping[str, Any], lang: str) -> tuple[dict[str, Any], str]:
    """The content read in `lang` (its untranslated fields in Portuguese) and the language it
    answers in: `lang` when it has a translation, otherwise Portuguese."""
    fields = (content.get(KEY) or {}).get(lang) if lang != REFERENCE else None
    if not fields:
        return dict(content), REFERENCE
    return {**content, **fields}, lang


def field_languages(
    declared: "Translatable | None", content: Mapping[str, Any], lang: str
) -> dict[str, str]:
    """The language each translatable field reads in, for `lang` (pages mark it with `lang`)."""
    if declared is None:
        return {}
    fields = (content.get(KEY) or {}).get(lang) or {} if lang != REFERENCE else {}
    return {name: lang if fields.get(name) else REFERENCE for name in declared.fields}


class Localised(SQLModel):
    """Mixin of a kind's public shape: the language its text answers in, and every language
    that text is available in (a public shape with a `revision` holding the content)."""

    language: str = Field(default=REFERENCE, description="The language the text answers in")

    @computed_field(description="Languages its text is available in; pt-BR, the reference, first")  # type: ignore[prop-decorator]
    @property
    def languages(self) -> list[str]:
        return available(getattr(self, "revision").content)  # noqa: B009


def localise(public: Any, lang: str) -> Any:
    """Answer a kind's public shape (a Localised with a `revision`) in `lang`, in place."""
    content, answered = in_language(public.revision.content, lang)
    public.revision.content = content
    public.language = answered
    return public
