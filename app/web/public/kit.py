"""What the public pages need to know of a searchable curated kind beyond `PageKind`: its
search, its facets and their labels, how a hit is highlighted, what its item page shows and
the template of its own partials. Each kind declares one `PublicKind` in this package; the
results and item kits iterate them and never name a kind."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlmodel import Session

from app.accounts.models import User
from app.search.models import FacetValue
from app.web.i18n import N_
from app.web.kinds import PageKind
from app.web.templating import label

SORTS = {"relevance": N_("Most relevant"), "newest": N_("Newest first"), "title": N_("Title (A–Z)")}


class ResultsPage(Protocol):
    """One page of a kind's search answer (its hits are the kind's own shape)."""

    @property
    def hits(self) -> Sequence[Any]: ...
    @property
    def total(self) -> int: ...
    @property
    def page(self) -> int: ...
    @property
    def total_pages(self) -> int: ...
    @property
    def facets(self) -> Mapping[str, Sequence[FacetValue]]: ...


@dataclass(frozen=True)
class Facet:
    param: str  # the URL parameter, also the query's field
    title: str  # a msgid, translated when shown
    label: Callable[[FacetValue], str]  # a counted value in the interface language
    counted_as: str = ""  # its name in the search answer's facets, when not `param`

    @property
    def key(self) -> str:
        return self.counted_as or self.param

    def with_chosen(self, counted: Sequence[FacetValue], chosen: Sequence[str]) -> list[FacetValue]:
        """The counted values, then those chosen that nothing matches (count 0), so the page
        always says which filter applies and offers to remove it."""
        present = {f.value for f in counted}
        missing = [FacetValue(value=v, label=v, count=0) for v in chosen if v not in present]
        return [*counted, *missing]


def taxonomy_facet(param: str, title: str, taxonomy: str, counted_as: str = "") -> Facet:
    """A facet whose values are terms of a catalog taxonomy."""
    return Facet(param, title, lambda f: label(taxonomy, f.value), counted_as)


@dataclass(frozen=True)
class Pin:
    """A filter that comes from a link rather than the facets (an item's id, e.g. the call a
    practice answers): the page says what it filters by and offers to remove it."""

    param: str  # the URL parameter, also the query's field
    says: str  # a msgid with %(name)s: what the page says while it filters
    name: Callable[[Session, int], str | None]  # the item's name; None when there is none


@dataclass(frozen=True)
class ItemView:
    """What a kind's item page shows beside its history: the item (`status`, `published_at`,
    `pending_revision`), its current content, the curator's feedback and whether the visitor
    may edit it, plus whatever the kind's partial reads."""

    item: Any
    content: dict[str, Any]
    feedback: str | None
    can_edit: bool
    extra: dict[str, Any]


@dataclass(frozen=True)
class PublicKind:
    pages: PageKind  # the curated kind and where its item pages live
    search_path: str  # its results page, e.g. /busca
    # The query (the form's parameters) -> one page; raises ValidationError or InvalidInput
    # for filters it does not know and ServiceUnavailable when the search is down.
    search: Callable[[Session, dict[str, Any]], ResultsPage]
    highlight: Callable[[Any], tuple[str, str]]  # a hit -> its escaped title and snippet
    facets: tuple[Facet, ...]
    unavailable: str  # msgid: the search is down, the items are safe
    view: Callable[[Session, User | None, int], ItemView]
    event_name: Callable[[str], str]  # what its public history calls an action
    partial: str  # the template whose macros draw what is its own on both pages
    dataset: str  # its open dataset (exports, Atom feed): the page's download and feed links
    near: bool = False  # the "near a municipality" filter
    sorts: Mapping[str, str] = field(default_factory=lambda: SORTS)
    pins: tuple[Pin, ...] = ()

    def page(self, item_id: int) -> str:
        return self.pages.page(item_id)
