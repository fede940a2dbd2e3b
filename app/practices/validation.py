"""Checks that need the catalog or the database: taxonomy slugs, template fields, places."""

from datetime import date
from typing import Any

from pydantic import AnyHttpUrl, TypeAdapter, ValidationError
from sqlmodel import Session

from app.catalog.loader import Catalog
from app.catalog.models import PracticeTemplate, TemplateField
from app.errors import InvalidInput
from app.municipalities import repository as municipalities
from app.practices.models import PracticeContent

Error = dict[str, Any]
_url = TypeAdapter(AnyHttpUrl)


def _err(loc: list[str | int], msg: str, kind: str = "value_error") -> Error:
    return {"loc": ["body", *loc], "msg": msg, "type": kind}


def _check_slugs(catalog: Catalog, content: PracticeContent) -> list[Error]:
    errors = []
    for field, taxonomy in (
        ("themes", "themes"),
        ("audiences", "audiences"),
        ("languages", "languages"),
    ):
        known = catalog.taxonomies.slugs(taxonomy)  # type: ignore[arg-type]
        values = getattr(content, field) or []  # a draft may have none yet
        for i, slug in enumerate(values):
            if slug not in known:
                errors.append(_err([field, i], f"unknown {field[:-1]} {slug!r}", "unknown_slug"))
        if len(set(values)) != len(values):
            errors.append(_err([field], f"{field} repeats a value", "duplicate"))
    level = content.evidence_level
    if level and level not in catalog.taxonomies.slugs("evidence_levels"):
        errors.append(
            _err(
                ["evidence_level"],
                f"unknown evidence level {content.evidence_level!r}",
                "unknown_slug",
            )
        )
    return errors


def _check_places(session: Session, content: PracticeContent) -> list[Error]:
    errors = []
    if content.scope != "municipal" and content.municipalities:
        errors.append(_err(["municipalities"], "only a municipal practice lists municipalities"))
    if content.scope != "state" and content.ufs:
        errors.append(_err(["ufs"], "only a state practice lists UFs"))
    known = municipalities.existing_codes(session, content.municipalities)
    for i, code in enumerate(content.municipalities):
        if code not in known:
            errors.append(_err(["municipalities", i], f"unknown IBGE code {code}", "unknown_ibge"))
    if content.ufs:
        ufs = municipalities.all_ufs(session)
        for i, uf in enumerate(content.ufs):
            if uf not in ufs:
                errors.append(_err(["ufs", i], f"unknown UF {uf!r}", "unknown_uf"))
    return errors


def _check_field(catalog: Catalog, field: TemplateField, value: Any) -> str | None:
    kind = field.type
    if kind in ("text", "textarea", "url"):
        if not isinstance(value, str):
            return "must be text"
        if field.max_length and len(value) > field.max_length:
            return f"at most {field.max_length} characters"
        if kind == "url":
            try:
                _url.validate_python(value)
            except ValidationError:
                return "must be an http(s) URL"
    elif kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            return "must be a whole number"
        if field.min is not None and value < field.min:
            return f"must be at least {field.min}"
        if field.max is not None and value > field.max:
            return f"must be at most {field.max}"
    elif kind == "boolean":
        if not isinstance(value, bool):
            return "must be true or false"
    elif kind == "date":
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            return "must be a date (YYYY-MM-DD)"
    else:
        allowed = set(field.choices or catalog.taxonomies.slugs(field.taxonomy))  # type: ignore[arg-type]
        values = value if kind == "multichoice" else [value]
        if kind == "multichoice" and not isinstance(value, list):
            return "must be a list of choices"
        unknown = [v for v in values if v not in allowed]
        if unknown:
            return f"unknown choice {unknown[0]!r}"
    return None


def _check_details(
    catalog: Catalog, template: PracticeTemplate, details: dict[str, Any], draft: bool
) -> list[Error]:
    errors = []
    fields = {f.name: f for f in template.fields}
    for name in details:
        if name not in fields:
            errors.append(
                _err(["details", name], f"the template {template.slug!r} has no field {name!r}")
            )
    for field in template.fields:
        value = details.get(field.name)
        if value is None or value == "" or value == []:
            if field.required and not draft:
                errors.append(_err(["details", field.name], f"{field.name} is required", "missing"))
            continue
        problem = _check_field(catalog, field, value)
        if problem:
            errors.append(_err(["details", field.name], f"{field.name}: {problem}"))
    return errors


def required_details(catalog: Catalog, template_slug: str, details: dict[str, Any]) -> list[Error]:
    """The template's required fields a draft left empty (named when it is sent)."""
    template = catalog.templates.get(template_slug)
    fields = template.fields if template else []
    return [
        _err(["details", f.name], f"{f.name} is required", "missing")
        for f in fields
        if f.required and details.get(f.name) in (None, "", [])
    ]


def validate_practice(
    session: Session,
    catalog: Catalog,
    template_slug: str,
    content: PracticeContent,
    draft: bool = False,
) -> None:
    """Raise one InvalidInput listing every problem, each at its field (a draft: only those of
    what is filled in; the template's required fields are checked when it is sent)."""
    template = catalog.templates.get(template_slug)
    if template is None:
        raise InvalidInput.field(["body", "template"], f"unknown template {template_slug!r}")
    errors = _check_slugs(catalog, content) + _check_places(session, content)
    errors += _check_details(catalog, template, content.details, draft)
    if errors:
        raise InvalidInput("the practice has invalid fields", errors=errors)
