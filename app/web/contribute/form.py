"""The kit's form: the values as typed (kept on a failed submission), the payload a kind reads
from them, and every problem of the models and the services placed beside its field in the
interface's words. A kind's form (`practice_form.py`, `policy_form.py`) only reads its fields."""

import re
from typing import Any, ClassVar

from pydantic import BaseModel, ValidationError

from app.errors import AppError
from app.web import places
from app.web.calls.refusals import CALL_REFUSALS, call_refusal
from app.web.i18n import _

Values = dict[str, Any]
GENERAL = "_general"  # a problem of the whole form, listed above the fields
MAX_LINES = 40


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()][:MAX_LINES]


class Form:
    # The models' and services' English messages -> the interface's message ids.
    messages: ClassVar[dict[str, str]] = {}
    # The payload's names -> the form's (a municipality is typed, not a code).
    renamed: ClassVar[dict[str, str]] = {}
    # Fields whose reading already explains what the model would say again about them.
    explained: ClassVar[tuple[str, ...]] = ()

    def __init__(self, values: Values | None = None) -> None:
        self.values: Values = values or {}
        self.errors: dict[str, list[str]] = {}
        self.general: list[str] = []
        # field -> (what was typed, what it may have meant): links that fill the field
        self.suggestions: dict[str, list[tuple[str, list[str]]]] = {}
        self.last_payload: dict[str, Any] = {}  # what validated() read, to check it again

    def add(self, name: str, message: str) -> None:
        if message not in self.errors.setdefault(name, []):
            self.errors[name].append(message)

    def value(self, name: str, default: Any = "") -> Any:
        return self.values.get(name, default)

    def checked(self, name: str, option: str) -> bool:
        return option in (self.values.get(name) or [])

    # --- the payload -----------------------------------------------------------------

    def payload(self) -> Values:
        """The content for the service; conversion problems are recorded as field errors."""
        raise NotImplementedError

    def validated(self, schema: type[BaseModel], payload: dict[str, Any] | None = None) -> Any:
        """The payload (read from the form unless given) validated by the schema, with every
        problem (conversion and model) placed on the form at once; None when there is any."""
        payload = self.payload() if payload is None else payload
        self.last_payload = payload
        try:
            body = schema.model_validate(payload)
        except ValidationError as exc:
            self.place_errors([dict(e) for e in exc.errors()])
            return None
        return None if self.errors or self.general else body

    def refused(self, exc: AppError) -> None:
        """The service's refusal beside the fields (or above them when it names none)."""
        self.place_errors(exc.errors)
        if not self.errors and not self.general:
            self.general.append(exc.message)

    def place(self, name: str, text: str) -> int | None:
        """The IBGE code of a municipality typed on one line (a code, or a name with or without
        UF); an unknown or ambiguous one is explained on the field, with candidates."""
        found = places.resolve(text)
        if found.code is not None:
            return found.code
        self.add(name, _("We could not find the municipality “%(name)s”.") % {"name": text})
        if found.suggestions:
            shown = [f"{m.name}/{m.uf}" for m in found.suggestions[:3]]
            self.suggestions.setdefault(name, []).append((text, shown))
        return None

    def ordered_errors(self, order: Any) -> list[tuple[str, list[str]]]:
        """The field errors in the form's order (the order of `order`'s names), the rest after."""
        position = {name: i for i, name in enumerate(order)}
        return sorted(self.errors.items(), key=lambda item: position.get(item[0], len(position)))

    # --- errors from the models and the services ---------------------------------------

    def field_for(self, loc: list[str]) -> str:
        """The form field a payload location belongs to."""
        return self.renamed.get(loc[0], loc[0]) if loc else GENERAL

    def place_errors(self, errors: list[dict[str, Any]]) -> None:
        for error in errors:
            loc = [str(p) for p in error.get("loc", []) if p != "body"]
            kind, msg = str(error.get("type", "")), str(error.get("msg", ""))
            # A model validator names its field before the colon: "end_date: ..." (in a
            # service's 422 the field is already placed).
            name, named, rest = msg.removeprefix("Value error, ").partition(": ")
            if loc and named and loc[-1] == name and msg.startswith("Value error, "):
                msg = rest
            if not loc and msg.startswith("Value error, "):
                loc, msg = ([name], rest) if rest else ([], msg)
            elif "input" in error and error["input"] in ("", None, []) and kind != "literal_error":
                kind = "missing"
            name = self.field_for(loc)
            if name in self.explained and self.errors.get(name):
                continue
            self.add(name, self.translate(kind, msg, error.get("ctx") or {}))
        self.general = self.errors.pop(GENERAL, [])

    def translate(self, kind: str, msg: str, ctx: dict[str, Any]) -> str:
        """The interface's own words for a model's or a service's (English) message."""
        if msg in self.messages:
            return _(self.messages[msg])
        return translate(kind, msg, ctx)


def translate(kind: str, msg: str, ctx: dict[str, Any]) -> str:
    """The interface's words for the messages every kind's models and services share."""
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
    if match := re.fullmatch(r"(.+) is in ([A-Z]{2})", msg):
        return _("%(name)s is in %(uf)s.") % {"name": match.group(1), "uf": match.group(2)}
    if kind.startswith("date") or "YYYY-MM-DD" in msg:
        return _("Enter a valid date.")
    if kind.startswith("url") or "http(s) URL" in msg:
        return _("Enter a web address starting with https:// or http://.")
    if "email" in msg.lower():
        return _("Enter a valid e-mail address.")
    if kind in ("literal_error", "unknown_slug", "unknown_uf") or "unknown choice" in msg:
        return _("Choose one of the options.")
    if kind == "unknown_ibge":
        return _("Unknown IBGE code: %(msg)s") % {"msg": msg.rsplit(" ", 1)[-1]}
    if kind == "duplicate":
        return _("A value is repeated.")
    if kind in CALL_REFUSALS:
        return call_refusal(kind, msg)
    return _bounds(kind, msg)


def _bounds(kind: str, msg: str) -> str:
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
