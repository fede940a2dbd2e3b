"""The need and offer forms: the values as typed, the payloads of app.needs' models, and the
models' and the service's problems beside each field in the interface's words."""

from typing import Any

from starlette.datastructures import FormData

from app.needs.models import NeedPublic
from app.web.contribute.form import Form, Values
from app.web.i18n import N_, _
from app.web.labels import FIELD_LABELS

NEED_TEXT = ("title", "description", "people_concerned", "until")
LABELS = {
    "title": FIELD_LABELS["title"],
    "description": FIELD_LABELS["description"],
    "themes": FIELD_LABELS["themes"],
    "people_concerned": N_("People concerned"),
    "until": N_("Stands until"),
}
OFFER_LABELS = {
    "message": N_("Message"),
    "gives": N_("What your organisation can give"),
    "contact": N_("Contact"),
}


class NeedForm(Form):
    @classmethod
    def from_need(cls, need: NeedPublic) -> "NeedForm":
        values: Values = {k: str(getattr(need, k)) for k in NEED_TEXT}
        values["themes"] = list(need.themes)
        return cls(values)

    @classmethod
    def from_post(cls, posted: FormData) -> "NeedForm":
        values: Values = {k: str(posted.get(k) or "").strip() for k in NEED_TEXT}
        values["themes"] = [str(v) for v in posted.getlist("themes")][:8]
        return cls(values)

    def payload(self) -> Values:
        v = self.values
        people = v.get("people_concerned", "")
        return {
            "title": v.get("title", ""),
            "description": v.get("description", ""),
            "themes": v.get("themes", []),
            "people_concerned": people if people != "" else None,
            "until": v.get("until") or None,
        }

    def translate(self, kind: str, msg: str, ctx: dict[str, Any]) -> str:
        if kind == "date_in_past":
            return _("This date has passed: choose today or a later date.")
        if kind in ("greater_than_equal", "int_parsing", "less_than_equal"):
            return _("Enter a whole number, 0 or more.")
        return super().translate(kind, msg, ctx)


class OfferForm(Form):
    @classmethod
    def from_post(cls, posted: FormData) -> "OfferForm":
        return cls({k: str(posted.get(k) or "").strip() for k in OFFER_LABELS})

    def payload(self) -> Values:
        return {k: self.values.get(k, "") for k in OFFER_LABELS}


def need_labels() -> dict[str, str]:
    return {k: _(v) for k, v in LABELS.items()}


def offer_labels() -> dict[str, str]:
    return {k: _(v) for k, v in OFFER_LABELS.items()}
