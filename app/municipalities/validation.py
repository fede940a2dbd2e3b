"""Semantic checks of a capacity report, shared by the API and the CSV import. Pure code:
each problem names its field relative to the report, e.g. ("places", 1, "occupied")."""

from dataclasses import dataclass
from datetime import date

from app.municipalities.models import CapacityReportCreate, PlaceIn
from app.municipalities.vocabulary import FACILITY_SLUGS, SERVICE_SLUGS, SOURCE_SLUGS

# Older numbers are a typo (2052 for 2025, 1925 for 2025), not history anyone reports.
MIN_AS_OF = date(2000, 1, 1)

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    loc: Loc
    msg: str
    kind: str = "invalid"


def _check_date(as_of: date, today: date) -> list[Problem]:
    if as_of > today:
        return [Problem(("as_of",), f"the as-of date {as_of} is in the future", "date_in_future")]
    if as_of < MIN_AS_OF:
        return [
            Problem(("as_of",), f"the as-of date {as_of} is before {MIN_AS_OF}", "date_too_old")
        ]
    return []


def _check_places(places: list[PlaceIn]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, place in enumerate(places):
        kind = place.facility_type
        if kind not in FACILITY_SLUGS:
            problems.append(
                Problem(
                    ("places", i, "facility_type"),
                    f"unknown facility type {kind!r}; known: {', '.join(FACILITY_SLUGS)}",
                    "unknown_slug",
                )
            )
        elif kind in seen:
            problems.append(
                Problem(
                    ("places", i, "facility_type"),
                    f"facility type {kind!r} already given in places[{seen[kind]}]",
                    "duplicate",
                )
            )
        else:
            seen[kind] = i
        if place.occupied > place.total:
            problems.append(
                Problem(
                    ("places", i, "occupied"),
                    f"occupied places ({place.occupied}) exceed the total ({place.total})",
                    "occupied_exceeds_total",
                )
            )
    return problems


def is_empty(data: CapacityReportCreate) -> bool:
    """No figure at all: no places, no service, nothing about interiorização."""
    return not (
        data.places
        or data.services
        or data.receives_interiorizacao
        or data.families_per_month is not None
    )


def check_report(data: CapacityReportCreate, today: date) -> list[Problem]:
    """Every semantic problem of the report (empty when it is valid)."""
    problems = _check_date(data.as_of, today)
    if is_empty(data):
        problems.append(
            Problem(
                ("places",),
                "the report has no figure: give the places of at least one facility type "
                "(0 when none), the services or interiorização",
                "empty_report",
            )
        )
    if data.source not in SOURCE_SLUGS:
        problems.append(
            Problem(
                ("source",),
                f"unknown source {data.source!r}; known: {', '.join(SOURCE_SLUGS)}",
                "unknown_slug",
            )
        )
    problems += _check_places(data.places)
    for j, service in enumerate(data.services):
        if service not in SERVICE_SLUGS:
            problems.append(
                Problem(
                    ("services", j),
                    f"unknown service {service!r}; known: {', '.join(SERVICE_SLUGS)}",
                    "unknown_slug",
                )
            )
    if not data.receives_interiorizacao and data.families_per_month:
        problems.append(
            Problem(
                ("families_per_month",),
                "families per month only applies when receives_interiorizacao is true",
                "inconsistent",
            )
        )
    return problems


def normalise(data: CapacityReportCreate) -> CapacityReportCreate:
    """Canonical order of places and services, services without repeats: equal reports
    compare equal (the import's "unchanged")."""
    places = sorted(data.places, key=lambda p: FACILITY_SLUGS.index(p.facility_type))
    services = [s for s in SERVICE_SLUGS if s in set(data.services)]
    families = data.families_per_month if data.receives_interiorizacao else None
    return data.model_copy(
        update={
            "places": places,
            "services": services,
            "families_per_month": families,
            "notes": data.notes.strip(),
        }
    )
