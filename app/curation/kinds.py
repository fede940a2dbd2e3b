"""What a curated kind declares: the engine's whole knowledge of it.

A domain package declares its kind (app/practices/kind.py, app/policies/kind.py) and
app/assembly.py registers it (app/curation/registry.py). The engine, its API routes, the queue,
the metrics and the tests iterate the registry; none of them names a kind."""

import builtins
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from app.accounts.models import STAFF_ROLES, Role
from app.core.languages import LANGUAGES
from app.curation.models import RevisionStatus
from app.curation.translations import Translatable


def _no_template(_subject: Any) -> str | None:
    return None


def _title(content: dict[str, Any]) -> str:
    return str(content.get("title", ""))


def _organisation_of(subject: Any) -> int | None:
    return subject.organisation_id  # type: ignore[no-any-return]


def plural_segment(name: str) -> str:
    """The URL segment a kind gets unless it says otherwise: its name in the plural, as a slug
    (policy -> policies, practice -> practices, capacity_report -> capacity-reports)."""
    slug = name.replace("_", "-")
    if slug.endswith("y") and slug[-2:-1] not in ("", *"aeiou"):
        return f"{slug[:-1]}ies"
    return f"{slug}s"


@dataclass(frozen=True)
class KindLabels:
    """How people call the kind, per language (pt-BR first): one item and many, each written
    with `per_language(pt_br, es, en, fr)` (app.core.languages)."""

    singular: dict[str, str]
    plural: dict[str, str]

    @classmethod
    def read(cls, path: Path) -> "KindLabels":
        """The labels a domain keeps as data beside its declaration: a YAML mapping with
        `singular` and `plural`, each by language."""
        loaded: dict[str, dict[str, str]] = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(singular=loaded["singular"], plural=loaded["plural"])

    def __post_init__(self) -> None:
        for name, labels in (("singular", self.singular), ("plural", self.plural)):
            missing = [lang for lang in LANGUAGES if not labels.get(lang)]
            if missing:
                raise ValueError(f"kind labels ({name}) lack {', '.join(missing)}")


@dataclass(frozen=True, kw_only=True)
class CuratedKind:
    """One kind of curated item, declared by its domain (by keyword: a declaration states only
    what differs from the conventions).

    `subject` and `revision` are its tables (CuratedBase and RevisionBase families); `name`
    defaults to the subject's table name, `segment` to the name in the plural, `parent_key`
    (the revision's column naming its item) to `<name>_id`; `owner_of` names the organisation
    an item is credited to (its members manage it, and its curators may not decide on it), by
    default its `organisation_id`; `approvals_required` is the number of distinct curators
    who must approve a revision (None: the PARTILHA_APPROVALS_REQUIRED default); `deciders`
    are the roles that may claim and decide, `proposers` those that may create an item."""

    subject: builtins.type[Any]
    revision: builtins.type[Any]
    content_schema: builtins.type[BaseModel]
    labels: KindLabels
    name: str = ""  # singular, stable: curation events, outbox entity, criteria's applies_to
    segment: str = ""  # plural URL segment: /api/v1/{segment}, /api/v1/curation/{segment}
    parent_key: str = ""
    owner_of: Callable[[Any], int | None] = _organisation_of
    approvals_required: int | None = None
    # Who may take its items into review and decide on them (separation of duties applies).
    deciders: frozenset[Role] = STAFF_ROLES
    # Who may propose one (the domain still checks for whom: an organisation, or staff).
    proposers: frozenset[Role] = frozenset(Role)
    template_of: Callable[[Any], str | None] = _no_template
    # The queue's template filter as a SQL condition (kinds with templates only).
    template_filter: Callable[[str], Any] | None = None
    title_of: Callable[[dict[str, Any]], str] = _title
    # Which text fields of its content translate (es, en, fr); None: Portuguese only.
    translatable: Translatable | None = None
    # An edit of a withdrawn (archived) item starts a new revision that goes through curation
    # and, once approved, publishes it again; otherwise archiving is final (409 on edits).
    reopens_archived: bool = False
    # The fields a draft must hold (the rest is checked when it is sent); empty: a draft is
    # saved with its whole content only.
    draft_requires: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Frozen: the conventions are filled in once, here.
        object.__setattr__(self, "name", self.name or str(self.subject.__tablename__))
        if not self.name.isidentifier() or not self.name.islower() or len(self.name) > 20:
            raise ValueError(f"kind name {self.name!r}: lower-case identifier of ≤ 20 characters")
        object.__setattr__(self, "segment", self.segment or plural_segment(self.name))
        object.__setattr__(self, "parent_key", self.parent_key or f"{self.name}_id")
        if not self.segment.replace("-", "").isalnum() or not self.segment.islower():
            raise ValueError(f"kind {self.name}: URL segment {self.segment!r} is not a slug")
        if self.approvals_required is not None and self.approvals_required < 1:
            raise ValueError(f"kind {self.name}: approvals_required must be at least 1")
        if not hasattr(self.revision, self.parent_key):
            raise ValueError(f"kind {self.name}: its revision has no {self.parent_key!r} column")
        if self.translatable and "translations" not in self.content_schema.model_fields:
            raise ValueError(f"kind {self.name}: its content schema holds no translations")
        if missing := set(self.draft_requires) - set(self.content_schema.model_fields):
            raise ValueError(f"kind {self.name}: a draft requires unknown fields {missing}")
        if self.owner_of is _organisation_of and not hasattr(self.subject, "organisation_id"):
            raise ValueError(f"kind {self.name}: no organisation_id column, so declare owner_of")

    @property
    def entity_type(self) -> str:
        """The outbox entity its events carry (search and webhooks follow it)."""
        return self.name

    @property
    def published_event(self) -> str:
        return f"{self.name}.published"

    @property
    def archived_event(self) -> str:
        return f"{self.name}.archived"

    @property
    def translated_event(self) -> str:
        """Announced when an approval publishes a new or changed translation."""
        return f"{self.name}.translated"

    def new_revision(self, subject_id: int, number: int, actor_id: int) -> Any:
        return self.revision(
            **{self.parent_key: subject_id},
            number=number,
            status=RevisionStatus.draft,
            content={},
            created_by_id=actor_id,
        )
