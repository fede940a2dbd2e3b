"""The gov editor's capacity form: one row per facility type, parsed into the service's
CapacityReportCreate, with every problem placed beside its input (translated)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from starlette.datastructures import FormData

from app.municipalities.models import CapacityReportPublic
from app.municipalities.vocabulary import FACILITY_TYPES, SERVICES, SOURCES, Term
from app.web.i18n import N_, _, current_lang

KINDS = {
    "date_in_future": N_("The date cannot be in the future."),
    "date_too_old": N_("The date is too old: check the year."),
    "occupied_exceeds_total": N_("Occupied places cannot exceed the total."),
    "empty_report": N_(
        "Give at least one figure: the places of one type of facility (0 when none), the "
        "services or interiorização."
    ),
}


def term_label(term: Term) -> str:
    return term.labels()[current_lang()]


def options(terms: tuple[Term, ...]) -> list[tuple[str, str]]:
    return [(t.slug, term_label(t)) for t in terms]


def vocabulary_label(slug: str) -> str:
    """Facility type, service or source slug -> label in the interface language."""
    for term in (*FACILITY_TYPES, *SERVICES, *SOURCES):
        if term.slug == slug:
            return term_label(term)
    return slug


@dataclass
class CapacityForm:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    # Index in the payload's places -> facility slug, to place the service's errors.
    place_index: list[str] = field(default_factory=list)
    # What _fields.html reads beside each field's errors (this form has no place to suggest).
    suggestions: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)

    def value(self, name: str, default: Any = "") -> Any:
        return self.values.get(name, default)

    def checked(self, name: str, option: str) -> bool:
        return option in (self.values.get(name) or [])

    def add(self, name: str, message: str) -> None:
        if message not in self.errors.setdefault(name, []):
            self.errors[name].append(message)

    @classmethod
    def empty(cls, today: date) -> "CapacityForm":
        return cls({"as_of": today.isoformat(), "source": "secretaria-municipal"})

    @classmethod
    def from_report(cls, report: CapacityReportPublic, today: date) -> "CapacityForm":
        """New figures start from the latest report's (the date is today's): people change
        what changed instead of typing everything again."""
        values: dict[str, Any] = {
            "as_of": today.isoformat(),
            "source": report.source,
            "services": list(report.services),
            "receives_interiorizacao": report.receives_interiorizacao,
            "families_per_month": str(report.families_per_month or ""),
            "notes": report.notes,
        }
        for place in report.places:
            values[f"{place.facility_type}.total"] = str(place.total)
            values[f"{place.facility_type}.occupied"] = str(place.occupied)
        return cls(values)

    @classmethod
    def from_post(cls, form: FormData) -> "CapacityForm":
        values: dict[str, Any] = {
            k: str(form.get(k) or "").strip()
            for k in ("as_of", "source", "families_per_month", "notes")
        }
        values["services"] = [str(v) for v in form.getlist("services")][:20]
        values["receives_interiorizacao"] = form.get("receives_interiorizacao") == "on"
        for term in FACILITY_TYPES:
            for part in ("total", "occupied"):
                key = f"{term.slug}.{part}"
                values[key] = str(form.get(key) or "").strip()
        return cls(values)

    def _number(self, key: str) -> int | None:
        raw = str(self.values.get(key) or "").replace(".", "").replace(" ", "")
        if not raw:
            return None
        if not raw.isdigit():
            self.add(key, _("Enter a whole number, 0 or more."))
            return None
        return int(raw)

    def payload(self) -> dict[str, Any]:
        places = []
        for term in FACILITY_TYPES:
            total, occupied = (
                self._number(f"{term.slug}.total"),
                self._number(f"{term.slug}.occupied"),
            )
            if total is None and occupied is None:
                continue
            if total is None:
                self.add(f"{term.slug}.total", _("Give the total number of places."))
                continue
            self.place_index.append(term.slug)
            places.append({"facility_type": term.slug, "total": total, "occupied": occupied or 0})
        return {
            "as_of": self.values.get("as_of") or None,
            "source": self.values.get("source") or "",
            "places": places,
            "services": self.values.get("services", []),
            "receives_interiorizacao": bool(self.values.get("receives_interiorizacao")),
            "families_per_month": self._number("families_per_month"),
            "notes": self.values.get("notes", ""),
        }

    def place_errors(self, errors: list[dict[str, Any]]) -> None:
        for error in errors:
            loc = [p for p in error.get("loc", []) if p != "body"]
            kind, msg = str(error.get("type", "")), str(error.get("msg", ""))
            name = str(loc[0]) if loc else "_general"
            if name == "places" and len(loc) > 2 and isinstance(loc[1], int):
                slug = self.place_index[loc[1]] if loc[1] < len(self.place_index) else ""
                name = f"{slug}.{loc[2]}" if loc[2] in ("total", "occupied") else f"{slug}.total"
            elif name == "services":
                name = "services"
            self.add(name, _message(kind, msg))
        self.general = self.errors.pop("_general", [])


def _message(kind: str, msg: str) -> str:
    if kind in KINDS:
        return _(KINDS[kind])
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("date"):
        return _("Enter a valid date.")
    if kind in ("greater_than_equal", "less_than_equal") or kind.startswith("int"):
        return _("Enter a whole number, 0 or more.")
    if kind == "unknown_slug":
        return _("Choose one of the options.")
    if kind == "inconsistent" or "families per month" in msg:
        return _(
            "Families per month only apply when the municipality receives families "
            "through interiorização."
        )
    return msg
