"""The practice submission form: generated from the chosen template, parsed from the posted
fields into the service's payload, and every error placed beside its field (translated)."""

import re
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from app.catalog.loader import get_catalog
from app.catalog.models import PracticeTemplate
from app.web import places
from app.web.i18n import N_, _

TEXT_FIELDS = ("title", "summary", "description", "results", "resources", "how_to_replicate")
LIST_FIELDS = ("themes", "audiences", "languages", "ufs")
LINE_FIELDS = ("partners", "links")
MAX_LINES = 40
Values = dict[str, Any]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()][:MAX_LINES]


@dataclass
class PracticeForm:
    template: PracticeTemplate
    values: Values = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        if message not in self.errors.setdefault(name, []):
            self.errors[name].append(message)

    def value(self, name: str, default: Any = "") -> Any:
        return self.values.get(name, default)

    def checked(self, name: str, option: str) -> bool:
        return option in (self.values.get(name) or [])

    # --- reading ---------------------------------------------------------------------

    @classmethod
    def empty(cls, template: PracticeTemplate) -> "PracticeForm":
        return cls(template, {"scope": "municipal", "languages": ["pt"]})

    @classmethod
    def from_content(cls, template: PracticeTemplate, content: dict[str, Any]) -> "PracticeForm":
        """Prefill from a stored revision (editing)."""
        values: Values = {k: content.get(k) or "" for k in TEXT_FIELDS}
        values.update({k: list(content.get(k) or []) for k in LIST_FIELDS})
        values.update({k: "\n".join(content.get(k) or []) for k in LINE_FIELDS})
        values["municipalities"] = "\n".join(str(c) for c in content.get("municipalities") or [])
        values.update(
            scope=content.get("scope", "municipal"),
            evidence_level=content.get("evidence_level", ""),
            start_date=content.get("start_date") or "",
            end_date=content.get("end_date") or "",
            ongoing=bool(content.get("ongoing")),
            contact_public=bool(content.get("contact_public")),
        )
        contact = content.get("contact") or {}
        for part in ("name", "email", "phone"):
            values[f"contact_{part}"] = contact.get(part) or ""
        for f in template.fields:
            raw = (content.get("details") or {}).get(f.name)
            key = f"details.{f.name}"
            if f.type == "multichoice":
                values[key] = list(raw or [])
            elif f.type == "boolean":
                values[key] = bool(raw)
            else:
                values[key] = "" if raw is None else str(raw)
        return cls(template, values)

    @classmethod
    def from_post(cls, template: PracticeTemplate, form: FormData) -> "PracticeForm":
        values: Values = {k: str(form.get(k) or "") for k in (*TEXT_FIELDS, *LINE_FIELDS)}
        values.update({k: [str(v) for v in form.getlist(k)][:40] for k in LIST_FIELDS})
        for k in (
            "municipalities",
            "scope",
            "evidence_level",
            "start_date",
            "end_date",
            "contact_name",
            "contact_email",
            "contact_phone",
        ):
            values[k] = str(form.get(k) or "").strip()
        values["ongoing"] = form.get("ongoing") == "on"
        values["contact_public"] = form.get("contact_public") == "on"
        for f in template.fields:
            key = f"details.{f.name}"
            if f.type == "multichoice":
                values[key] = [str(v) for v in form.getlist(key)][:40]
            elif f.type == "boolean":
                values[key] = form.get(key) == "on"
            else:
                values[key] = str(form.get(key) or "").strip()
        return cls(template, values)

    # --- the payload -----------------------------------------------------------------

    def payload(self) -> Values:
        """The content for the service; conversion problems are recorded as field errors."""
        v = self.values
        data: Values = {k: v.get(k, "") for k in TEXT_FIELDS}
        data.update({k: v.get(k, []) for k in ("themes", "audiences", "languages")})
        data["scope"] = v.get("scope") or None
        data["ufs"] = v.get("ufs", []) if data["scope"] == "state" else []
        data["municipalities"] = self._municipalities() if data["scope"] == "municipal" else []
        data["partners"] = _lines(v.get("partners", ""))
        data["links"] = _lines(v.get("links", ""))
        data["evidence_level"] = v.get("evidence_level") or ""
        data["start_date"] = v.get("start_date") or None
        data["end_date"] = v.get("end_date") or None
        data["ongoing"] = bool(v.get("ongoing"))
        data["contact_public"] = bool(v.get("contact_public"))
        contact = {p: v.get(f"contact_{p}") or None for p in ("name", "email", "phone")}
        data["contact"] = contact if any(contact.values()) else None
        data["details"] = self._details()
        return data

    def _municipalities(self) -> list[int]:
        codes = []
        for line in _lines(self.values.get("municipalities", "")):
            found = places.resolve(line)
            if found.code is not None:
                codes.append(found.code)
                continue
            message = _("We could not find the municipality “%(name)s”.") % {"name": line}
            if found.suggestions:
                names = ", ".join(f"{m.ibge_code} {m.name}/{m.uf}" for m in found.suggestions[:3])
                message += " " + _("Did you mean: %(names)s?") % {"names": names}
            self.add("municipalities", message)
        return codes

    def _details(self) -> Values:
        details: Values = {}
        for f in self.template.fields:
            raw = self.values.get(f"details.{f.name}")
            if raw in ("", None, []) or (f.type == "boolean" and raw is False):
                continue
            if f.type == "integer":
                try:
                    details[f.name] = int(str(raw).replace(".", "").replace(" ", ""))
                except ValueError:
                    self.add(f"details.{f.name}", _("Enter a whole number."))
            else:
                details[f.name] = raw
        return details

    # --- errors from the models and the service --------------------------------------

    def place_errors(self, errors: list[dict[str, Any]]) -> None:
        for error in errors:
            loc = [str(p) for p in error.get("loc", []) if p != "body"]
            kind, msg = str(error.get("type", "")), str(error.get("msg", ""))
            if not loc and msg.startswith("Value error, "):
                name, _sep, rest = msg.removeprefix("Value error, ").partition(": ")
                self.add(name if rest else "_general", _translate(kind, rest or msg, {}))
                continue
            if "input" in error and error["input"] in ("", None, []) and kind != "literal_error":
                kind = "missing"
            self.add(_field_name(loc), _translate(kind, msg, error.get("ctx") or {}))
        self.general = self.errors.pop("_general", [])


def _field_name(loc: list[str]) -> str:
    if not loc:
        return "_general"
    if loc[0] == "details" and len(loc) > 1:
        return f"details.{loc[1]}"
    if loc[0] == "contact":
        return f"contact_{loc[1]}" if len(loc) > 1 else "contact_name"
    if loc[0] in ("organisation_id", "template"):
        return "_general"
    return loc[0]


# The model validators' messages (app/practices/models.py) -> the interface's words.
_MODEL_MESSAGES = {
    "a municipal practice names at least one municipality": N_(
        "Name at least one municipality for a practice in municipalities."
    ),
    "a state practice names at least one UF": N_("Choose at least one state."),
    "the end date comes before the start date": N_("The end date comes before the start date."),
    "an ongoing practice has no end date": N_(
        "An ongoing practice has no end date: clear one of them."
    ),
}


def _translate(kind: str, msg: str, ctx: dict[str, Any]) -> str:
    """The interface's own words for the models' and the service's (English) messages."""
    if msg in _MODEL_MESSAGES:
        return _(_MODEL_MESSAGES[msg])
    if kind == "missing" or msg.endswith(" is required"):
        return _("This field is required.")
    if kind == "string_too_short":
        return _("Too short: write at least %(n)s characters.") % {"n": ctx.get("min_length")}
    if kind == "string_too_long":
        return _("Too long: at most %(n)s characters.") % {"n": ctx.get("max_length")}
    if kind == "too_short":
        return _("Choose at least %(n)s.") % {"n": ctx.get("min_length")}
    if kind == "too_long":
        return _("Choose at most %(n)s.") % {"n": ctx.get("max_length")}
    if kind.startswith("date") or "YYYY-MM-DD" in msg:
        return _("Enter a valid date.")
    if kind.startswith("url") or "http(s) URL" in msg:
        return _("Enter a web address starting with https:// or http://.")
    if "email" in msg.lower():
        return _("Enter a valid e-mail address.")
    if kind in ("literal_error", "unknown_slug") or "unknown choice" in msg:
        return _("Choose one of the options.")
    if kind == "unknown_ibge":
        return _("Unknown IBGE code: %(msg)s") % {"msg": msg.rsplit(" ", 1)[-1]}
    if kind == "duplicate":
        return _("A value is repeated.")
    if match := re.search(r"must be at (least|most) (-?\d+)", msg):
        word = (
            _("Must be at least %(n)s.")
            if match.group(1) == "least"
            else _("Must be at most %(n)s.")
        )
        return word % {"n": match.group(2)}
    if "whole number" in msg or kind.startswith("int"):
        return _("Enter a whole number.")
    if match := re.search(r"at most (\d+) characters", msg):
        return _("Too long: at most %(n)s characters.") % {"n": match.group(1)}
    return msg


def template_or_none(slug: str | None) -> PracticeTemplate | None:
    return get_catalog().templates.get(slug or "")
