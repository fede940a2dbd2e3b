"""Shapes of the data folders: taxonomies, practice templates and curation criteria."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

LANGS = ("pt-BR", "es", "en", "fr")
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def unique(keys: list[str], what: str) -> None:
    """Refuse a data file that names the same thing twice (say which, so it can be fixed)."""
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise ValueError(f"duplicate {what}: {', '.join(dupes)}")


class Labels(BaseModel):
    """A text in the four interface languages; pt-BR is mandatory, the others fall back to it."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    pt_BR: str = Field(alias="pt-BR", min_length=1)
    es: str | None = None
    en: str | None = None
    fr: str | None = None

    def get(self, lang: str) -> str:
        return getattr(self, lang.replace("-", "_"), None) or self.pt_BR


class Term(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: str = Field(pattern=SLUG_PATTERN)
    labels: Labels
    description: Labels | None = None


TAXONOMY_NAMES = ("themes", "audiences", "organisation_types", "evidence_levels", "languages")
TaxonomyName = Literal["themes", "audiences", "organisation_types", "evidence_levels", "languages"]


class Taxonomies(BaseModel):
    model_config = ConfigDict(extra="forbid")

    themes: list[Term]
    audiences: list[Term]
    organisation_types: list[Term]
    evidence_levels: list[Term]
    languages: list[Term]

    @model_validator(mode="after")
    def _unique_slugs(self) -> "Taxonomies":
        for name in TAXONOMY_NAMES:
            unique([t.slug for t in getattr(self, name)], f"slugs in {name}")
        return self

    def slugs(self, name: TaxonomyName) -> set[str]:
        return {t.slug for t in getattr(self, name)}

    def label(self, name: TaxonomyName, slug: str, lang: str = "pt-BR") -> str:
        for term in getattr(self, name):
            if term.slug == slug:
                return term.labels.get(lang)
        return slug


FieldType = Literal[
    "text", "textarea", "integer", "date", "url", "boolean", "choice", "multichoice"
]


class TemplateField(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: FieldType
    required: bool = False
    min: int | None = None
    max: int | None = None
    max_length: int | None = Field(default=None, ge=1, le=20_000)
    choices: list[str] | None = None
    choice_labels: dict[str, Labels] | None = None
    taxonomy: TaxonomyName | None = None
    labels: Labels
    help: Labels | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "TemplateField":
        textual = self.type in ("text", "textarea", "url")
        if textual and self.max_length is None:
            raise ValueError(f"{self.name}: {self.type} fields need max_length")
        if not textual and self.max_length is not None:
            raise ValueError(f"{self.name}: max_length only applies to text fields")
        if (self.min is not None or self.max is not None) and self.type != "integer":
            raise ValueError(f"{self.name}: min/max only apply to integer fields")
        choice = self.type in ("choice", "multichoice")
        if choice and (self.choices is None) == (self.taxonomy is None):
            raise ValueError(f"{self.name}: give exactly one of choices or taxonomy")
        if not choice and (self.choices or self.taxonomy):
            raise ValueError(f"{self.name}: choices/taxonomy only apply to choice fields")
        if self.choices and self.choice_labels is not None:
            missing = set(self.choices) - set(self.choice_labels)
            if missing:
                raise ValueError(f"{self.name}: choice_labels missing {sorted(missing)}")
        return self


class PracticeTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: str = Field(pattern=SLUG_PATTERN)
    labels: Labels
    description: Labels
    fields: list[TemplateField]

    @field_validator("fields")
    @classmethod
    def _unique_names(cls, fields: list[TemplateField]) -> list[TemplateField]:
        unique([f.name for f in fields], "field names")
        return fields


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+([-_][a-z0-9]+)*$")
    required: bool
    applies_to: list[Literal["practice", "policy", "replication", "organisation_profile"]] = Field(
        default=["practice"], min_length=1
    )
    question: Labels
    help: Labels | None = None


class CriteriaFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    criteria: list[Criterion] = Field(min_length=1)

    @field_validator("criteria")
    @classmethod
    def _unique_ids(cls, criteria: list[Criterion]) -> list[Criterion]:
        unique([c.id for c in criteria], "criterion ids")
        return criteria
