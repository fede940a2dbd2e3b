"""The replication form: the practice (fixed, from the practice page's link), the municipality
typed by name, the dates, the status, what was adapted, results with their figures, links and
the private contact; read from a stored revision or from what was posted."""

import re
from typing import Any

from starlette.datastructures import FormData

from app.web.contribute import contact
from app.web.contribute.form import GENERAL, Form, Values, lines
from app.web.i18n import N_, _

TEXT_FIELDS = ("start_date", "end_date", "status", "adaptations", "results")
LINE_FIELDS = ("figures", "links")
# A figure per line: "label: value unit", e.g. "Famílias atendidas: 120" or "Custo: 3500 R$".
FIGURE = re.compile(r"(?P<label>.+):\s*(?P<value>-?[\d.,]+)\s*(?P<unit>.*)")
# The service's refusals (app/replications/service.py) -> the interface's words.
REFUSED = {
    "unknown_practice": N_("This practice does not exist."),
    "not_published": N_("Only a published practice can be replicated."),
}


def _number(text: str) -> float:
    """120, 1.250 or 3,5 as Brazilians write them (and 3.5 as a machine does)."""
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") == 1 and len(text.split(".")[1]) == 3:
        text = text.replace(".", "")  # a thousands separator
    return float(text)


def _figure_line(figure: dict[str, Any]) -> str:
    value = figure.get("value")
    shown = f"{value:g}" if isinstance(value, float | int) else str(value)
    return f"{figure.get('label', '')}: {shown} {figure.get('unit') or ''}".strip()


class ReplicationForm(Form):
    renamed = {"ibge_code": "municipality"}
    explained = ("municipality",)  # an unknown name was explained while reading it

    @classmethod
    def empty(cls, practice_id: int) -> "ReplicationForm":
        return cls({"practice_id": practice_id, "status": "running"})

    @classmethod
    def from_content(
        cls, practice_id: int, content: dict[str, Any], place: str
    ) -> "ReplicationForm":
        """Prefill from a stored revision (editing); the municipality as "code Name/UF"."""
        values: Values = {k: str(content.get(k) or "") for k in TEXT_FIELDS}
        values["figures"] = "\n".join(_figure_line(f) for f in content.get("figures") or [])
        values["links"] = "\n".join(content.get("links") or [])
        values.update(practice_id=practice_id, municipality=place, **contact.stored(content))
        return cls(values)

    @classmethod
    def from_post(cls, form: FormData, practice_id: Any) -> "ReplicationForm":
        names = (*TEXT_FIELDS, *LINE_FIELDS, "municipality")
        values: Values = {k: str(form.get(k) or "").strip() for k in names}
        values.update(practice_id=practice_id, **contact.posted(form))
        return cls(values)

    def payload(self) -> Values:
        v = self.values
        data: Values = {k: v.get(k) or None for k in TEXT_FIELDS}
        data["adaptations"] = v.get("adaptations", "")
        data["results"] = v.get("results", "")
        data["practice_id"] = v.get("practice_id")
        municipality = v.get("municipality", "")
        data["ibge_code"] = self.place("municipality", municipality) if municipality else None
        data["figures"] = self._figures()
        data["links"] = lines(v.get("links", ""))
        data["contact"] = contact.payload(v)
        return data

    def _figures(self) -> list[dict[str, Any]]:
        figures = []
        for line in lines(self.value("figures")):
            match = FIGURE.fullmatch(line)
            try:
                value = _number(match.group("value")) if match else None
            except ValueError:
                value = None
            if match is None or value is None:
                self.add(
                    "figures",
                    _("Write each figure as “label: number unit”, e.g. Families received: 120."),
                )
                continue
            figures.append(
                {
                    "label": match.group("label").strip(),
                    "value": value,
                    "unit": match.group("unit").strip(),
                }
            )
        return figures

    def field_for(self, loc: list[str]) -> str:
        if not loc or loc[0] == "organisation_id":
            return GENERAL
        if loc[0] == "contact":
            return contact.field(loc)
        return super().field_for(loc)

    def translate(self, kind: str, msg: str, ctx: dict[str, Any]) -> str:
        if kind in REFUSED:
            return _(REFUSED[kind])
        if msg.startswith("a running replication cannot start in the future"):
            return _("A running replication cannot start in the future: choose “Planned”.")
        if msg.startswith("the end (") and "is before the start" in msg:
            return _("The end date comes before the start date.")
        return super().translate(kind, msg, ctx)
