"""Use cases of municipalities, by what a person does: the profile (profile.py), capacity
reports (reports.py), the freshness lists (freshness.py), over what they all start from
(places.py). Callers import them from here."""

from app.municipalities.service.freshness import (
    freshness_counts,
    freshness_list,
    state_freshness,
)
from app.municipalities.service.places import (
    CAPACITY_REPORTED,
    freshness_by_uf,
    freshness_of,
    freshness_policy,
    get_municipality,
    get_state,
    list_states,
    today,
)
from app.municipalities.service.profile import (
    MAX_NEARBY_RADIUS_KM,
    NEARBY_RADIUS_KM,
    municipality_profile,
)
from app.municipalities.service.reports import (
    list_reports,
    present_reports,
    report_capacity,
    report_versions,
)

__all__ = [
    "CAPACITY_REPORTED",
    "MAX_NEARBY_RADIUS_KM",
    "NEARBY_RADIUS_KM",
    "freshness_by_uf",
    "freshness_counts",
    "freshness_list",
    "freshness_of",
    "freshness_policy",
    "get_municipality",
    "get_state",
    "list_reports",
    "list_states",
    "municipality_profile",
    "present_reports",
    "report_capacity",
    "report_versions",
    "state_freshness",
    "today",
]
