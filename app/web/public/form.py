"""A results page's state, which lives entirely in the URL: parsing it, turning it into the
kind's search query, and building the links that add or remove one filter or turn the page."""

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Query, Request
from sqlmodel import Session

from app.web import places
from app.web.i18n import _
from app.web.public.kit import PublicKind
from app.web.templating import query

RADII = (25, 50, 100, 200, 500)
PER_PAGE = 10
MAX_VALUES = 20


def near_param(near: Annotated[str, Query(max_length=120)] = "") -> str:
    """Checks the typed municipality's length, for kinds searched near a place."""
    return near


@dataclass
class SearchForm:
    kind: PublicKind
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    place: places.Typed | None = None  # the municipality typed as "near", when the kind has it
    radius_km: int = 50
    pinned: dict[str, int] = field(default_factory=dict)  # the kind's pins present in the URL

    @classmethod
    def from_request(cls, request: Request, session: Session, kind: PublicKind) -> "SearchForm":
        params = request.query_params
        form = cls(kind, q=params.get("q", "")[:200].strip())
        for facet in kind.facets:
            values = [v for v in params.getlist(facet.param) if v][:MAX_VALUES]
            if values:
                form.filters[facet.param] = list(dict.fromkeys(values))
        form.sort = params.get("sort", "relevance")
        form.sort = form.sort if form.sort in kind.sorts else "relevance"
        form.page = _int(params.get("page"), 1, 1, 1000)
        for pin in kind.pins:
            raw = params.get(pin.param, "")
            if raw.isdigit() and 0 < int(raw) < 2**31:
                form.pinned[pin.param] = int(raw)
        if kind.near:
            form.radius_km = _int(params.get("radius_km"), 50, 1, 1000)
            near = params.get("near", "").strip()
            form.place = places.choose(session, near) if near else None
        return form

    @property
    def problem(self) -> str | None:
        return self.place.problem if self.place else None

    @property
    def near_code(self) -> int | None:
        return self.place.code if self.place else None

    def query_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"q": self.q, "sort": self.sort, "page": self.page}
        params.update(per_page=PER_PAGE, **self.filters, **self.pinned)
        if self.near_code is not None:
            params.update(near=self.near_code, radius_km=self.radius_km)
        return params

    def state(self) -> dict[str, Any]:
        """Everything that goes back into links (page resets to 1 unless given)."""
        state: dict[str, Any] = {"q": self.q, **self.filters, **self.pinned}
        if self.sort != "relevance":
            state["sort"] = self.sort
        if self.near_code is not None:
            state.update(near=str(self.near_code), radius_km=self.radius_km)
        return state

    def url(self, **changes: Any) -> str:
        return f"{self.kind.search_path}?" + query({**self.state(), **changes})

    def download_url(self, fmt: str) -> str:
        """These results as an open-data file (public/download.py)."""
        return f"{self.kind.search_path}/baixar.{fmt}?" + query(self.state())

    def feed_url(self) -> str:
        """The kind's Atom feed with the filters it knows (themes, UFs)."""
        wanted = {name: self.filters.get(name, []) for name in ("theme", "uf")}
        return f"/feeds/{self.kind.dataset}.atom?" + query(wanted)

    @property
    def filter_count(self) -> int:
        return sum(len(values) for values in self.filters.values())

    def cleared(self) -> str:
        """The same words without any filter."""
        return f"{self.kind.search_path}?" + query({"q": self.q})

    def toggle(self, name: str, value: str) -> str:
        """The link that adds this facet value, or removes it when already chosen."""
        current = list(self.filters.get(name, []))
        current = [v for v in current if v != value] if value in current else [*current, value]
        return self.url(**{name: current})

    def page_url(self, page: int) -> str:
        return self.url(page=page)

    def is_on(self, name: str, value: str) -> bool:
        return value in self.filters.get(name, [])

    def pins_shown(self, session: Session) -> list[tuple[str, str]]:
        """What the page says of each pinned filter, and the link that removes it."""
        shown = []
        for pin in self.kind.pins:
            if pin.param in self.pinned:
                item_id = self.pinned[pin.param]
                name = pin.name(session, item_id) or f"#{item_id}"
                shown.append((_(pin.says) % {"name": name}, self.url(**{pin.param: None})))
        return shown

    @property
    def has_filters(self) -> bool:
        return bool(self.filters or self.pinned or self.near_code is not None)


def _int(raw: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(high, max(low, int(raw or default)))
    except ValueError:
        return default
