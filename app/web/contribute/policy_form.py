"""The policy form: its fixed fields, read from a stored revision (the municipality shown as
"code Name/UF") or from what was posted, and turned into the policy service's payload."""

from typing import Any

from starlette.datastructures import FormData

from app.web.contribute.form import Form, Values
from app.web.i18n import N_

TEXT_FIELDS = ("instrument_type", "number", "date", "title", "summary", "official_url")
CHOICE_FIELDS = ("level", "uf", "status")
MAX_THEMES = 20


class PolicyForm(Form):
    # The model's and the service's messages (app/policies) -> the interface's words.
    messages = {
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
    renamed = {"ibge_code": "municipality"}
    explained = ("municipality",)  # an unknown name was explained while reading it

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
        values["themes"] = [str(v) for v in form.getlist("themes")][:MAX_THEMES]
        return cls(values)

    def payload(self) -> Values:
        v = self.values
        data: Values = {k: v.get(k) or None for k in (*TEXT_FIELDS, "level", "status")}
        data["number"] = v.get("number", "")
        data["themes"] = v.get("themes", [])
        level = v.get("level")
        data["uf"] = (v.get("uf") or None) if level == "state" else None
        municipality = v.get("municipality", "")
        wanted = level == "municipal" and municipality
        data["ibge_code"] = self.place("municipality", municipality) if wanted else None
        return data
