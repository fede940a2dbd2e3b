"""Search over the policy registry (GET /api/v1/policies): text and facet filters built with
the same escaping as practice search; unknown values answer 422 naming the parameter."""

from typing import Any, get_args

from pydantic import BaseModel
from pydantic import Field as PField

from app.config import get_settings
from app.municipalities.search import check_filters, unknown_value
from app.policies.index import POLICIES
from app.policies.models import InstrumentType, Level, PolicyStatus
from app.search import client as meili
from app.search.documents import MARK_CLOSE, MARK_OPEN
from app.search.models import FacetValue, SearchQuery, SortOrder, Value
from app.search.query import facet_values, quote, safe_snippet

# API parameter -> document attribute (constants: user input never names an attribute).
STRING_FILTERS = {
    "level": "level",
    "uf": "uf",
    "theme": "themes",
    "status": "status",
    "instrument_type": "instrument_type",
}
FACETS = ("level", "uf", "themes", "status", "instrument_type")
SORTS = {
    SortOrder.relevance: [],
    SortOrder.newest: ["date_ts:desc"],
    SortOrder.alphabetical: ["title_sort:asc"],
}
ALLOWED = {
    "level": set(get_args(Level)),
    "status": set(get_args(PolicyStatus)),
    "instrument_type": set(get_args(InstrumentType)),
}


class PolicyQuery(SearchQuery):
    level: list[Value] = PField(default_factory=list, max_length=3)
    status: list[Value] = PField(default_factory=list, max_length=3)
    instrument_type: list[Value] = PField(default_factory=list, max_length=6)


class PolicyHit(BaseModel):
    id: int
    title: str
    summary: str
    instrument_type: str
    number: str
    date: str
    level: str
    uf: str | None
    ibge_code: int | None
    municipality_name: str | None
    themes: list[str]
    status: str
    official_url: str
    highlight: dict[str, str]


class PolicyPage(BaseModel):
    hits: list[PolicyHit]
    total: int
    page: int
    per_page: int
    total_pages: int
    facets: dict[str, list[FacetValue]]


def _check(params: PolicyQuery) -> None:
    own = [
        unknown_value(name, f"unknown {name} {value!r}")
        for name, allowed in ALLOWED.items()
        for value in getattr(params, name)
        if value not in allowed
    ]
    check_filters(own, params.theme, params.uf, params.municipality)


def _filter(params: PolicyQuery) -> list[Any]:
    groups: list[Any] = []
    for name, attr in STRING_FILTERS.items():
        if values := getattr(params, name):
            groups.append([f"{attr} = {quote(v)}" for v in values])
    if params.municipality:
        groups.append([f"ibge_code = {int(c)}" for c in params.municipality])
    return groups


def search_policies(params: PolicyQuery) -> PolicyPage:
    """Published policies matching the text and filters, with facet counts."""
    params = params.model_copy(update={"uf": [u.upper() for u in params.uf]})
    _check(params)
    options: dict[str, Any] = {
        "filter": _filter(params),
        "facets": list(FACETS),
        "page": params.page,
        "hitsPerPage": params.per_page,
        "attributesToHighlight": ["title", "summary"],
        "highlightPreTag": MARK_OPEN,
        "highlightPostTag": MARK_CLOSE,
    }
    if sort := SORTS[params.sort]:
        options["sort"] = sort
    settings = get_settings()
    with meili.for_api("search_policies"):
        raw = meili.search(settings, POLICIES.uid(settings), params.q, options)
    hits = []
    for h in raw["hits"]:
        formatted = h.get("_formatted", {})
        fields = {k: h.get(k) for k in PolicyHit.model_fields if k != "highlight"}
        hits.append(
            PolicyHit(
                **fields,
                highlight={
                    k: safe_snippet(str(formatted.get(k, h[k]))) for k in ("title", "summary")
                },
            )
        )
    facets = facet_values(raw.get("facetDistribution", {}), FACETS)
    return PolicyPage(
        hits=hits,
        total=raw.get("totalHits", 0),
        page=raw.get("page", params.page),
        per_page=raw.get("hitsPerPage", params.per_page),
        total_pages=raw.get("totalPages", 0),
        facets=facets,
    )
