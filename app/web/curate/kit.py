"""What the review kit needs of a curated kind beyond its engine declaration and its pages: how
to load an item for review, the partial that shows its content, and the few words that name it.
A kind hands these over (`reviews.py`); the kit (`review.py`) never names a kind."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.accounts.models import User
from app.web.kinds import CuratedItem, PageKind


def _nothing(
    _session: Session, _user: User, _item: Any, _content: dict[str, Any]
) -> dict[str, Any]:
    return {}


def fields(names: str) -> frozenset[str]:
    """The content fields a partial draws, written as the words of one line."""
    return frozenset(names.split())


@dataclass(frozen=True)
class ReviewKind:
    page: PageKind
    # The item as this curator may see it (404 or 403 otherwise): the domain's own read.
    load: Callable[[Session, User, int], CuratedItem]
    # A template with the macros `meta(item, latest)` (beside the revision number),
    # `submission(item, content)` (what was sent) and `field_name(name)` (in the diff).
    partial: str
    claimed: str  # message id of the notice after taking an item into review
    open_page: str  # message id of the link to the item's public page
    # More for the partial: (session, user, item, the revision's content) -> context.
    extra: Callable[[Session, User, Any, dict[str, Any]], dict[str, Any]] = _nothing
    # The content fields `submission` draws itself; every other filled one is listed after
    # it from the kind's schema (curate/filled.py), so none can be missed.
    shown: frozenset[str] = frozenset({"title", "summary"})

    def __post_init__(self) -> None:
        unknown = sorted(self.shown - set(self.page.kind.content_schema.model_fields))
        if unknown:  # a misspelt name would hide nothing and list the field twice
            raise LookupError(f"{self.name} review shows no field named {', '.join(unknown)}")

    @property
    def name(self) -> str:
        return self.page.name
