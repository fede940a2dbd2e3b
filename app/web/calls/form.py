"""The curators' call form: the values as typed, the payload of app.calls' CallCreate, and the
model's and the service's problems beside each field in the interface's words."""

import re
from typing import Any

from sqlmodel import Session
from starlette.datastructures import FormData

from app.calls.models import CallPublic
from app.web.contribute.form import Form, Values, lines
from app.web.i18n import N_, _
from app.web.labels import FIELD_LABELS
from app.web.places import named

TEXT_FIELDS = ("title", "description", "scope", "opens_on", "closes_on", "municipalities")
LIST_FIELDS = ("themes", "ufs")
MAX_CHOICES = 40
LABELS = {
    **{k: FIELD_LABELS[k] for k in ("title", "description", "themes", "ufs", "municipalities")},
    "scope": N_("Scope"),
    "opens_on": N_("Opens on"),
    "closes_on": N_("Closes on"),
}
# The model's and the service's messages (app/calls) -> the interface's words.
PATTERNS = (
    (
        re.compile(r"the call closes \(.*\) before it opens"),
        N_("The call closes before it opens: choose a closing date on or after the opening date."),
    ),
    (
        re.compile(r"the closing date .* has passed"),
        N_("The closing date has passed: choose today or a later date."),
    ),
    (
        re.compile(r"a regional call lists its UFs or municipalities"),
        N_("A regional call names its states or municipalities."),
    ),
)


class CallForm(Form):
    @classmethod
    def empty(cls) -> "CallForm":
        return cls({"scope": "national"})

    @classmethod
    def from_call(cls, session: Session, call: CallPublic) -> "CallForm":
        values: Values = {k: getattr(call, k) for k in ("title", "description", "scope")}
        values.update(themes=list(call.themes), ufs=list(call.ufs))
        values.update(opens_on=call.opens_on.isoformat(), closes_on=call.closes_on.isoformat())
        places = named(session, call.municipalities)
        values["municipalities"] = "\n".join(f"{m.ibge_code} {m.name}/{m.uf}" for m in places)
        return cls(values)

    @classmethod
    def from_post(cls, posted: FormData) -> "CallForm":
        values: Values = {k: str(posted.get(k) or "").strip() for k in TEXT_FIELDS}
        values.update({k: [str(v) for v in posted.getlist(k)][:MAX_CHOICES] for k in LIST_FIELDS})
        return cls(values)

    def payload(self) -> Values:
        v = self.values
        regional = v.get("scope") == "regional"
        codes = (self.place("municipalities", line) for line in lines(v.get("municipalities", "")))
        return {
            "title": v.get("title", ""),
            "description": v.get("description", ""),
            "themes": v.get("themes", []),
            "scope": v.get("scope") or "national",
            "ufs": v.get("ufs", []) if regional else [],
            "municipalities": [c for c in codes if c is not None] if regional else [],
            "opens_on": v.get("opens_on") or None,
            "closes_on": v.get("closes_on") or None,
        }

    def translate(self, kind: str, msg: str, ctx: dict[str, Any]) -> str:
        for pattern, message in PATTERNS:
            if pattern.search(msg):
                return _(message)
        return super().translate(kind, msg, ctx)


def field_labels() -> dict[str, str]:
    return {k: _(v) for k, v in LABELS.items()}
