"""The policy form: parsed from the posted fields into the service's payload, prefilled from a
revision, and every error (the model's and the service's) placed beside its field, translated."""

import re
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from app.web import places
from app.web.i18n import N_, _
from app.web.practice_form import _translate

TEXT_FIELDS = ("instrument_type", "number", "date", "title", "summary", "official_url")
CHOICE_FIELDS = ("level", "uf", "status")
Values = dict[str, Any]
# The payload's names -> the form's (a municipality is typed, not a code).
FIELD_OF = {"ibge_code": "municipality"}
# The model's and the service's messages (app/policies) -> the interface's words.
_MESSAGES = {
    "a federal instrument has no UF or municipality": N_(
        "A federal instrument has no state or municipality."
    ),
    "a state instrument names its UF (and no municipality)": N_(
        "Choose the state of a state instrument."
    ),
    "a municipal instrument names its municipality": N_(
        "Name the municipality of a municipal instrument."
    ),
    "the date is in the future": N_("The date cannot be in the future."),
}


@dataclass
class PolicyForm:
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

    @classmethod
    def empty(cls) -> "PolicyForm":
        return cls({"level": "municipal", "status": "em-vigor", "themes": []})

    @classmethod
    def from_content(cls, content: dict[str, Any], place_label: str = "") -> "PolicyForm":
        """Prefill from a stored revision (editing); the municipality as "code Name/UF"."""
        values: Values = {k: str(content.get(k) or "") for k in (*TEXT_FIELDS, *CHOICE_FIELDS)}
        values["themes"] = list(content.get("themes") or [])
        values["municipality"] = place_label or str(content.get("ibge_code") or "")
        return cls(values)

    @classmethod
    def from_post(cls, form: FormData) -> "PolicyForm":
        values: Values = {
            k: str(form.get(k) or "").strip()
            for k in (*TEXT_FIELDS, *CHOICE_FIELDS, "municipality")
        }
        values["themes"] = [str(v) for v in form.getlist("themes")][:20]
        return cls(values)

    def payload(self) -> Values:
        """The content for the service; an unknown municipality is recorded as a field error."""
        v = self.values
        data: Values = {k: v.get(k) or None for k in (*TEXT_FIELDS, "level", "status")}
        data["number"] = v.get("number", "")
        data["themes"] = v.get("themes", [])
        level = v.get("level")
        data["uf"] = (v.get("uf") or None) if level == "state" else None
        data["ibge_code"] = self._municipality() if level == "municipal" else None
        return data

    def _municipality(self) -> int | None:
        text = self.values.get("municipality", "")
        if not text:
            return None
        found = places.resolve(text)
        if found.code is not None:
            return found.code
        message = _("We could not find the municipality “%(name)s”.") % {"name": text}
        if found.suggestions:
            names = ", ".join(f"{m.ibge_code} {m.name}/{m.uf}" for m in found.suggestions[:3])
            message += " " + _("Did you mean: %(names)s?") % {"names": names}
        self.add("municipality", message)
        return None

    def place_errors(self, errors: list[dict[str, Any]]) -> None:
        for error in errors:
            loc = [str(p) for p in error.get("loc", []) if p != "body"]
            kind, msg = str(error.get("type", "")), str(error.get("msg", ""))
            if not loc and msg.startswith("Value error, "):
                name, _sep, rest = msg.removeprefix("Value error, ").partition(": ")
                loc, msg = ([name], rest) if rest else ([], msg)
            if "input" in error and error["input"] in ("", None, []) and kind != "literal_error":
                kind = "missing"
            name = FIELD_OF.get(loc[0], loc[0]) if loc else "_general"
            if name == "municipality" and self.errors.get("municipality"):
                continue  # already explained while reading the typed name
            self.add(name, _message(kind, msg, error.get("ctx") or {}))
        self.general = self.errors.pop("_general", [])


def _message(kind: str, msg: str, ctx: dict[str, Any]) -> str:
    if msg in _MESSAGES:
        return _(_MESSAGES[msg])
    if kind == "unknown_uf":
        return _("Choose one of the options.")
    if match := re.fullmatch(r"(.+) is in ([A-Z]{2})", msg):
        return _("%(name)s is in %(uf)s.") % {"name": match.group(1), "uf": match.group(2)}
    return _translate(kind, msg, ctx)
