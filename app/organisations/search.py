"""The organisation directory's full-text search (GET /api/v1/organisations with words or
filters, /organizacoes): typo-tolerant words over names, what they do, themes and places,
filters on the profile's type, UFs, municipalities and themes; unknown values answer 422
naming the parameter."""

from dataclasses import dataclass
from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, Field

from app.config import get_settings
from app.db import IbgeCode
from app.municipalities.search import check_filters, unknown_value
from app.organisations.index import ORGANISATIONS
from app.organisations.models import OrganisationKind
from app.search import client as meili
from app.search.models import FacetValue, Value
from app.search.query import equals_any, facet_values, number_any

FACETS = ("type", "ufs", "themes")


class DirectoryQuery(BaseModel):
    """Words and filters (repeat a parameter for OR, AND across them): theme, UF,
    municipality (IBGE code) and the profile's type. `limit`/`offset` page it like the
    reference list of organisations it extends."""

    model_config = ConfigDict(extra="forbid")

    q: str = Field(default="", max_length=200)
    theme: list[Value] = Field(default_factory=list, max_length=20)
    uf: list[Value] = Field(default_factory=list, max_length=27)
    municipality: list[IbgeCode] = Field(default_factory=list, max_length=20)
    type: list[Value] = Field(default_factory=list, max_length=5)
    limit: int = Field(default=100, ge=1, le=500, description="at most this many")
    offset: int = Field(default=0, ge=0, le=9_999, description="skip this many first")

    def is_search(self) -> bool:
        return bool(self.q or self.theme or self.uf or self.municipality or self.type)


@dataclass(frozen=True)
class DirectoryHits:
    ids: list[int]  # in the order found
    total: int
    facets: dict[str, list[FacetValue]]


def _check(params: DirectoryQuery) -> None:
    kinds = set(get_args(OrganisationKind))
    own = [
        unknown_value("type", f"unknown type {value!r}; one of: {', '.join(sorted(kinds))}")
        for value in params.type
        if value not in kinds
    ]
    check_filters(own, params.theme, params.uf, params.municipality)


def _filter(params: DirectoryQuery) -> list[Any]:
    groups: list[Any] = []
    for attr, values in (("type", params.type), ("themes", params.theme)):
        if values:
            groups.append(equals_any(attr, list(values)))
    if params.uf:
        groups.append(equals_any("ufs", [u.upper() for u in params.uf]))
    if params.municipality:
        groups.append(number_any("municipalities", list(params.municipality)))
    return groups


def search_directory(params: DirectoryQuery) -> DirectoryHits:
    """Organisations with an approved profile matching the words and filters, the best first
    (by name without words), with facet counts."""
    _check(params)
    options: dict[str, Any] = {
        "filter": _filter(params),
        "facets": list(FACETS),
        "attributesToRetrieve": ["id"],
    }
    if params.offset % params.limit == 0:  # a whole page: Meilisearch then counts exactly
        options.update(page=params.offset // params.limit + 1, hitsPerPage=params.limit)
    else:
        options.update(offset=params.offset, limit=params.limit)
    if not params.q:
        options["sort"] = ["name_sort:asc"]
    settings = get_settings()
    with meili.for_api("search_organisations"):
        raw = meili.search(settings, ORGANISATIONS.uid(settings), params.q, options)
    return DirectoryHits(
        ids=[int(h["id"]) for h in raw["hits"]],
        total=raw.get("totalHits", raw.get("estimatedTotalHits", 0)),
        facets=facet_values(raw.get("facetDistribution", {}), FACETS),
    )
