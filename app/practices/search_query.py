"""Meilisearch filters and search parameters built from a PracticeQuery.

Attribute names come only from the Attr enum, string values are always escaped and quoted
(app.search.query), numbers are formatted from ints/floats, and the sort comes from an enum.
The filter is an array (outer AND, inner OR) so each element is parsed on its own."""

from enum import StrEnum
from typing import Any

from app.practices.search_models import PracticeQuery
from app.search.documents import MARK_CLOSE, MARK_OPEN
from app.search.models import SortOrder
from app.search.query import equals_any, geo_radius, number_any


class Attr(StrEnum):
    themes = "themes"
    ufs = "ufs"
    municipalities = "municipalities"
    audiences = "audiences"
    organisation_type = "organisation_type"
    evidence_level = "evidence_level"
    languages = "languages"
    template = "template"
    start_year = "start_year"
    end_year = "end_year"
    ongoing = "ongoing"
    replicated = "replicated"
    replicated_ufs = "replicated_ufs"
    call = "call"


# API parameter -> document attribute, for the facets users filter and count on.
FACETS: dict[str, Attr] = {
    "theme": Attr.themes,
    "uf": Attr.ufs,
    "audience": Attr.audiences,
    "organisation_type": Attr.organisation_type,
    "evidence_level": Attr.evidence_level,
    "language": Attr.languages,
    "replicated_uf": Attr.replicated_ufs,
}
STRING_FILTERS: dict[str, Attr] = {**FACETS, "template": Attr.template}

SORTS: dict[SortOrder, list[str]] = {
    SortOrder.relevance: [],
    SortOrder.newest: ["published_at:desc"],
    SortOrder.alphabetical: ["title_sort:asc"],
}

RETRIEVE = [
    "id",
    "title",
    "summary",
    "themes",
    "theme_labels",
    "places",
    "ufs",
    "organisation",
    "organisation_type",
    "published_at",
    "replication_count",
]
HIGHLIGHT = ["title", "summary", "description"]


def practice_filter(params: PracticeQuery, centre: tuple[float, float] | None) -> list[Any]:
    """AND across parameters, OR within a repeated parameter."""
    groups: list[Any] = []
    for name, attr in STRING_FILTERS.items():
        values: list[str] = getattr(params, name)
        if values:
            groups.append(equals_any(attr, values))
    if params.municipality:
        groups.append(number_any(Attr.municipalities, params.municipality))
    if params.call is not None:
        groups.append(f"{Attr.call.value} = {int(params.call)}")
    if params.replicated is not None:
        groups.append(f"{Attr.replicated.value} = {'true' if params.replicated else 'false'}")
    if params.year_to is not None:
        groups.append(f"{Attr.start_year.value} <= {int(params.year_to)}")
    if params.year_from is not None:
        groups.append(
            [f"{Attr.ongoing.value} = true", f"{Attr.end_year.value} >= {int(params.year_from)}"]
        )
    if centre is not None:
        groups.append(geo_radius(centre[0], centre[1], params.radius_km))
    return groups


def translated(params: PracticeQuery, names: list[str]) -> list[str]:
    """These attributes' translations into the reader's language (none for Portuguese)."""
    lang = params.lang
    return [f"{name}_{lang}" for name in names] if lang and lang != "pt-BR" else []


def practice_search(params: PracticeQuery, centre: tuple[float, float] | None) -> dict[str, Any]:
    options: dict[str, Any] = {
        "filter": practice_filter(params, centre),
        "facets": [attr.value for attr in FACETS.values()],
        "page": params.page,
        "hitsPerPage": params.per_page,
        "attributesToRetrieve": RETRIEVE + translated(params, ["title", "summary"]),
    }
    if params.q.strip():
        # Only with words to mark: formatting the long description is most of the query cost.
        options.update(
            attributesToHighlight=HIGHLIGHT + translated(params, HIGHLIGHT),
            attributesToCrop=["description", *translated(params, ["description"])],
            cropLength=30,
            cropMarker="…",
            highlightPreTag=MARK_OPEN,
            highlightPostTag=MARK_CLOSE,
        )
    if sort := SORTS[params.sort]:
        options["sort"] = sort
    return options
