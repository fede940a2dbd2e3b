"""A contact typed into a form as three fields (`contact_name`, `contact_email`,
`contact_phone`): read from a stored revision or a post, turned into the models' `Contact`, and
where a model's error about it belongs."""

from typing import Any

from starlette.datastructures import FormData

from app.web.contribute.form import Values

CONTACT_PARTS = ("name", "email", "phone")
CONTACT_FIELDS = tuple(f"contact_{part}" for part in CONTACT_PARTS)


def stored(content: dict[str, Any]) -> Values:
    contact = content.get("contact") or {}
    return {f"contact_{part}": contact.get(part) or "" for part in CONTACT_PARTS}


def posted(form: FormData) -> Values:
    return {name: str(form.get(name) or "").strip() for name in CONTACT_FIELDS}


def payload(values: Values) -> dict[str, Any] | None:
    contact = {part: values.get(f"contact_{part}") or None for part in CONTACT_PARTS}
    return contact if any(contact.values()) else None


def field(loc: list[str]) -> str:
    """The form field of an error at ["contact", part] (the name when it names no part)."""
    return f"contact_{loc[1]}" if len(loc) > 1 else "contact_name"
