"""The practice form: the common fields and the chosen template's own (`details.*`), read from
a stored revision or from what was posted, and turned into the practice service's payload."""

from typing import Any

from starlette.datastructures import FormData

from app.catalog.loader import get_catalog
from app.catalog.models import PracticeTemplate
from app.practices.consent import NOT_YOURS
from app.web.contribute import contact
from app.web.contribute.form import Form, Values, lines
from app.web.i18n import N_, _

TEXT_FIELDS = ("title", "summary", "description", "results", "resources", "how_to_replicate")
LIST_FIELDS = ("themes", "audiences", "languages", "ufs")
LINE_FIELDS = ("partners", "links")
TYPED_FIELDS = ("municipalities", "scope", "evidence_level", "start_date", "end_date", "call_id")
MAX_CHOICES = 40


def template_or_none(slug: str | None) -> PracticeTemplate | None:
    return get_catalog().templates.get(slug or "")


class PracticeForm(Form):
    explained = ("municipalities",)  # an unknown name was explained while reading it
    # The model validators' messages (app/practices/models.py) -> the interface's words.
    messages = {
        "a municipal practice names at least one municipality": N_(
            "Name at least one municipality for a practice in municipalities."
        ),
        "a state practice names at least one UF": N_("Choose at least one state."),
        "the end date comes before the start date": N_("The end date comes before the start date."),
        "an ongoing practice has no end date": N_(
            "An ongoing practice has no end date: clear one of them."
        ),
        NOT_YOURS: N_(
            "Only members of the practice's organisation may consent to publish its contact; "
            "you may only withdraw that consent."
        ),
    }

    def __init__(self, template: PracticeTemplate, values: Values | None = None) -> None:
        super().__init__(values)
        self.template = template

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
            call_id=str(content.get("call_id") or ""),
        )
        values.update(contact.stored(content))
        details = content.get("details") or {}
        for f in template.fields:
            raw = details.get(f.name)
            if f.type == "multichoice":
                values[f"details.{f.name}"] = list(raw or [])
            elif f.type == "boolean":
                values[f"details.{f.name}"] = bool(raw)
            else:
                values[f"details.{f.name}"] = "" if raw is None else str(raw)
        return cls(template, values)

    @classmethod
    def from_post(cls, template: PracticeTemplate, form: FormData) -> "PracticeForm":
        values: Values = {k: str(form.get(k) or "") for k in (*TEXT_FIELDS, *LINE_FIELDS)}
        values.update({k: [str(v) for v in form.getlist(k)][:MAX_CHOICES] for k in LIST_FIELDS})
        values.update({k: str(form.get(k) or "").strip() for k in TYPED_FIELDS})
        values.update(contact.posted(form))
        values["ongoing"] = form.get("ongoing") == "on"
        values["contact_public"] = form.get("contact_public") == "on"
        for f in template.fields:
            key = f"details.{f.name}"
            if f.type == "multichoice":
                values[key] = [str(v) for v in form.getlist(key)][:MAX_CHOICES]
            elif f.type == "boolean":
                values[key] = form.get(key) == "on"
            else:
                values[key] = str(form.get(key) or "").strip()
        return cls(template, values)

    def payload(self) -> Values:
        v = self.values
        data: Values = {k: v.get(k, "") for k in TEXT_FIELDS}
        data.update({k: v.get(k, []) for k in ("themes", "audiences", "languages")})
        data["scope"] = v.get("scope") or None
        data["ufs"] = v.get("ufs", []) if data["scope"] == "state" else []
        data["municipalities"] = self._municipalities() if data["scope"] == "municipal" else []
        data["partners"] = lines(v.get("partners", ""))
        data["links"] = lines(v.get("links", ""))
        data["evidence_level"] = v.get("evidence_level") or ""
        data["start_date"] = v.get("start_date") or None
        data["end_date"] = v.get("end_date") or None
        data["ongoing"] = bool(v.get("ongoing"))
        data["contact_public"] = bool(v.get("contact_public"))
        data["contact"] = contact.payload(v)
        data["details"] = self._details()
        data["template"] = self.template.slug
        data["call_id"] = self._call()
        return data

    def _call(self) -> int | None:
        chosen = str(self.value("call_id"))
        if chosen and not chosen.isdigit():
            self.add("call_id", _("Choose one of the options."))
        return int(chosen) if chosen.isdigit() else None

    def _municipalities(self) -> list[int]:
        codes = (self.place("municipalities", line) for line in lines(self.value("municipalities")))
        return [code for code in codes if code is not None]

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

    def field_for(self, loc: list[str]) -> str:
        if not loc or loc[0] in ("organisation_id", "template"):
            return super().field_for([])
        if loc[0] == "details" and len(loc) > 1:
            return f"details.{loc[1]}"
        if loc[0] == "contact":
            return contact.field(loc)
        return loc[0]
