"""Drafts: an item saves whatever its authors typed so far (only the fields its kind declares in
`draft_requires` are required, e.g. a title), and the full check of its content runs when it is
sent. One lenient schema per kind, derived here from the kind's content schema: every other
field optional, each given value still checked by the same constraints and validators (a bad
e-mail is still a 422 naming it). A kind that declares none saves whole content only."""

from functools import cache
from typing import Any, Optional, get_origin

from pydantic import BaseModel, ValidationError, create_model, model_validator
from pydantic.fields import FieldInfo
from sqlmodel import Session

from app.accounts.models import User
from app.curation import repository as repo
from app.curation import rights, translations
from app.curation.kinds import CuratedKind
from app.errors import InvalidInput, NotFound


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _unset_empty(required: tuple[str, ...]) -> Any:
    def unset(data: Any) -> Any:
        # An empty field of a form (or a client sending "") is a field not filled in yet.
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if k in required or not _empty(v)}
        return data

    return unset


def _empty_default(annotation: Any) -> dict[str, Any]:
    origin = get_origin(annotation) or annotation
    if origin in (list, dict):
        return {"default_factory": origin}
    return {"default": "" if annotation is str else None}


@cache
def lenient(schema: type[BaseModel], required: tuple[str, ...]) -> type[BaseModel]:
    """The draft variant of a content schema, `required` its only required fields (a subclass,
    so the domain's code reads it alike)."""
    optional: dict[str, Any] = {}
    for name, info in schema.model_fields.items():
        if name in required or not info.is_required():
            continue
        # Unfilled, a field reads as empty of its kind ("" or []), so its readers need no
        # special case; one with no empty value (a date, a choice) is None.
        field = FieldInfo.merge_field_infos(info, **_empty_default(info.annotation))
        field.annotation = Optional[info.annotation]  # type: ignore[assignment]  # noqa: UP045
        optional[name] = (field.annotation, field)
    draft = create_model(
        f"{schema.__name__}Draft",
        __base__=schema,
        __doc__=f"{schema.__name__} as a draft: only {', '.join(required)} required.",
        __validators__={"_unset_empty": model_validator(mode="before")(_unset_empty(required))},  # type: ignore[dict-item]
        **optional,
    )
    draft.__draft__ = True  # type: ignore[attr-defined]
    return draft


def is_draft(content: BaseModel) -> bool:
    """Whether this content is a draft's: a schema's own validator skips what only makes the
    content complete (e.g. a field its scope requires), not what makes it wrong."""
    return getattr(type(content), "__draft__", False) is True


def schema_of(kind: CuratedKind) -> type[BaseModel]:
    """What a draft of this kind must hold: its lenient schema when the kind declares what a
    draft requires, else the whole content."""
    if kind.draft_requires:
        return lenient(kind.content_schema, kind.draft_requires)
    return kind.content_schema


def patched(
    session: Session, actor: User, kind: CuratedKind, subject: Any, patch: BaseModel
) -> BaseModel:
    """The item's working content with the patch's fields applied, validated as a draft (a
    patch valid alone but not with what is stored is a 422); managers only."""
    rights.require_manager(actor, kind, subject)
    current = repo.get_revision(session, kind, subject.latest_revision_id)
    if current is None:
        raise NotFound(f"{kind.name} {subject.id} has no revision")
    changes = patch.model_dump(exclude_unset=True, mode="json")
    merged = translations.edited(kind.translatable, current.content, changes)
    try:
        return schema_of(kind).model_validate(merged)
    except ValidationError as exc:
        raise InvalidInput.from_validation(exc) from exc


def complete(
    kind: CuratedKind, content: dict[str, Any], also: list[dict[str, Any]] | None = None
) -> BaseModel:
    """The full check a draft meets when sent: one 422 naming every missing or invalid field,
    with `also` the kind's own (e.g. what its chosen template requires)."""
    schema = kind.content_schema
    required = {name for name, info in schema.model_fields.items() if info.is_required()}
    # Unfilled (None, or empty where a value is required): reported missing.
    given = {
        k: v for k, v in content.items() if v is not None and not (k in required and _empty(v))
    }
    errors = list(also or [])
    try:
        checked = schema.model_validate(given)
    except ValidationError as exc:
        errors = InvalidInput.from_validation(exc).errors + errors
    if errors:
        raise InvalidInput("fill in every required field before sending it", errors=errors)
    return checked
