"""The results page's state, which lives entirely in the URL: parsing it, turning it into a
search query, and building the links that add or remove one filter."""

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from sqlmodel import Session

from app.errors import NotFound
from app.municipalities import service as municipalities
from app.municipalities.models import MunicipalityRef
from app.web import places
from app.web.i18n import N_, _
from app.web.templating import query

FACETS = ("theme", "uf", "audience", "evidence_level", "organisation_type", "language")
FACET_TITLES = {
    "theme": N_("Theme"),
    "uf": N_("State (UF)"),
    "audience": N_("Audience"),
    "evidence_level": N_("Evidence level"),
    "organisation_type": N_("Type of organisation"),
    "language": N_("Language"),
}
TAXONOMY = {
    "theme": "themes",
    "audience": "audiences",
    "evidence_level": "evidence_levels",
    "organisation_type": "organisation_types",
    "language": "languages",
}
SORTS = {"relevance": N_("Most relevant"), "newest": N_("Newest first"), "title": N_("Title (A–Z)")}
RADII = (25, 50, 100, 200, 500)
PER_PAGE = 10
MAX_VALUES = 20


@dataclass
class SearchForm:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    near_text: str = ""
    near_code: int | None = None
    near_name: str = ""
    radius_km: int = 50
    problem: str | None = None
    suggestions: list[MunicipalityRef] = field(default_factory=list)

    @classmethod
    def from_request(cls, request: Request) -> "SearchForm":
        params = request.query_params
        form = cls(q=params.get("q", "")[:200].strip())
        for name in FACETS:
            values = [v for v in params.getlist(name) if v][:MAX_VALUES]
            if values:
                form.filters[name] = list(dict.fromkeys(values))
        form.sort = params.get("sort", "relevance") if params.get("sort") in SORTS else "relevance"
        form.page = _int(params.get("page"), 1, 1, 1000)
        form.radius_km = _int(params.get("radius_km"), 50, 1, 1000)
        return form

    def resolve_near(self, session: Session, text: str) -> None:
        """A code, "Name/UF" or a name: without JavaScript people type names, not codes."""
        self.near_text = text
        found = places.resolve(text)
        if found.code is not None:
            try:
                place = municipalities.get_municipality(session, found.code)
            except NotFound:
                place = None
            if place is not None:
                self.near_code, self.near_name = place.ibge_code, f"{place.name}/{place.uf}"
                return
        self.suggestions = found.suggestions
        self.problem = _("We could not find the municipality “%(name)s”.") % {"name": text}

    def query_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {
            "q": self.q,
            "sort": self.sort,
            "page": self.page,
            "per_page": PER_PAGE,
        }
        params.update(self.filters)
        if self.near_code is not None:
            params.update(near=self.near_code, radius_km=self.radius_km)
        return params

    def state(self) -> dict[str, Any]:
        """Everything that goes back into links (page resets to 1 unless given)."""
        state: dict[str, Any] = {"q": self.q, **self.filters}
        if self.sort != "relevance":
            state["sort"] = self.sort
        if self.near_code is not None:
            state.update(near=str(self.near_code), radius_km=self.radius_km)
        return state

    def url(self, **changes: Any) -> str:
        state = {**self.state(), **changes}
        return "/busca?" + query(state)

    def toggle(self, name: str, value: str) -> str:
        """The link that adds this facet value, or removes it when already chosen."""
        current = list(self.filters.get(name, []))
        current = [v for v in current if v != value] if value in current else [*current, value]
        return self.url(**{name: current})

    def page_url(self, page: int) -> str:
        return self.url(page=page)

    def is_on(self, name: str, value: str) -> bool:
        return value in self.filters.get(name, [])

    @property
    def has_filters(self) -> bool:
        return bool(self.filters or self.near_code is not None)


def _int(raw: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(high, max(low, int(raw or default)))
    except ValueError:
        return default
