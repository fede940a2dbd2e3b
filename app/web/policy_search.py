"""The policies page's state, which lives entirely in the URL: parsing it, turning it into a
search query, and building the links that add or remove one filter."""

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

from app.web.i18n import N_
from app.web.templating import query

PATH = "/politicas"
# URL parameter -> the facet it counts in the search answer.
FACETS = {
    "level": "level",
    "uf": "uf",
    "theme": "themes",
    "status": "status",
    "instrument_type": "instrument_type",
}
FACET_TITLES = {
    "level": N_("Level"),
    "uf": N_("State (UF)"),
    "theme": N_("Theme"),
    "status": N_("Situation"),
    "instrument_type": N_("Type of instrument"),
}
SORTS = {"relevance": N_("Most relevant"), "newest": N_("Newest first"), "title": N_("Title (A–Z)")}
PER_PAGE = 10
MAX_VALUES = 20


@dataclass
class PolicySearchForm:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1

    @classmethod
    def from_request(cls, request: Request) -> "PolicySearchForm":
        params = request.query_params
        form = cls(q=params.get("q", "")[:200].strip())
        for name in FACETS:
            values = [v for v in params.getlist(name) if v][:MAX_VALUES]
            if values:
                form.filters[name] = list(dict.fromkeys(values))
        form.sort = params.get("sort", "relevance") if params.get("sort") in SORTS else "relevance"
        try:
            form.page = min(1000, max(1, int(params.get("page") or 1)))
        except ValueError:
            form.page = 1
        return form

    def query_params(self) -> dict[str, Any]:
        return {
            "q": self.q,
            "sort": self.sort,
            "page": self.page,
            "per_page": PER_PAGE,
            **self.filters,
        }

    def state(self) -> dict[str, Any]:
        """Everything that goes back into links (page resets to 1 unless given)."""
        state: dict[str, Any] = {"q": self.q, **self.filters}
        if self.sort != "relevance":
            state["sort"] = self.sort
        return state

    def url(self, **changes: Any) -> str:
        return f"{PATH}?" + query({**self.state(), **changes})

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
        return bool(self.filters)
