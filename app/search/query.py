"""Safe pieces of Meilisearch queries, for the domains' search use cases.

Attribute names come only from the callers' constants, string values are always escaped and
quoted, numbers are formatted from ints/floats. Filters are arrays (outer AND, inner OR) so
each element is parsed on its own. Highlights are escaped before our markers become <mark>."""

import html

from app.search.documents import MARK_CLOSE, MARK_OPEN
from app.search.models import FacetValue


def quote(value: str) -> str:
    """A Meilisearch string literal: backslash first, then the double quote."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def equals_any(attr: str, values: list[str]) -> list[str]:
    return [f"{attr} = {quote(v)}" for v in values]


def number_any(attr: str, values: list[int]) -> list[str]:
    return [f"{attr} = {int(v)}" for v in values]


def geo_radius(lat: float, lng: float, radius_km: float) -> str:
    return f"_geoRadius({float(lat)!r}, {float(lng)!r}, {round(float(radius_km) * 1000)})"


def safe_snippet(text: str) -> str:
    """Escape everything Meilisearch returned, then turn only our private markers into <mark>."""
    return html.escape(text, quote=True).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")


def facet_values(
    distribution: dict[str, dict[str, int]], attrs: tuple[str, ...]
) -> dict[str, list[FacetValue]]:
    """Meilisearch's facet distribution of these attributes, most frequent first (the value
    is its own label: the pages name slugs in their language)."""
    return {
        attr: sorted(
            (FacetValue(value=v, label=v, count=n) for v, n in distribution.get(attr, {}).items()),
            key=lambda f: (-f.count, f.value),
        )
        for attr in attrs
    }
