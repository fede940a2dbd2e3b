"""What the review kit needs of a curated kind beyond its engine declaration and its pages: how
to load an item for review and what its content partial draws. The rest follows the kind's
name: its pages (app/web/kinds.py), its partial `curate/{name}.html` and its words in
words.yaml. A kind hands these over (`reviews.py`); the kit (`review.py`) never names a kind."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session

from app.accounts.models import User
from app.web.kinds import CuratedItem, PageKind, page_kind

WORDS = Path(__file__).with_name("words.yaml")


def _nothing(
    _session: Session, _user: User, _item: Any, _content: dict[str, Any]
) -> dict[str, Any]:
    return {}


def fields(names: str) -> frozenset[str]:
    """The content fields a partial draws, written as the words of one line."""
    return frozenset(names.split())


@lru_cache
def _words() -> dict[str, dict[str, str]]:
    loaded: dict[str, dict[str, str]] = yaml.safe_load(WORDS.read_text(encoding="utf-8"))
    return loaded


@dataclass(frozen=True)
class ReviewKind:
    name: str
    # The item as this curator may see it (404 or 403 otherwise): the domain's own read.
    load: Callable[[Session, User, int], CuratedItem]
    # More for the partial: (session, user, item, the revision's content) -> context.
    extra: Callable[[Session, User, Any, dict[str, Any]], dict[str, Any]] = _nothing
    # The content fields `submission` draws itself; every other filled one is listed after
    # it from the kind's schema (curate/filled.py), so none can be missed.
    shown: frozenset[str] = frozenset({"title", "summary"})
    page: PageKind = field(init=False)
    # A template with the macros `meta(item, latest)` (beside the revision number),
    # `submission(item, content)` (what was sent) and `field_name(name)` (in the diff).
    partial: str = field(init=False)
    claimed: str = field(init=False)  # message id of the notice after taking an item into review
    open_page: str = field(init=False)  # message id of the link to the item's public page

    def __post_init__(self) -> None:
        # A kind without pages or words stops the start-up (LookupError, KeyError), not a page.
        page, words = page_kind(self.name), _words()[self.name]
        object.__setattr__(self, "page", page)
        object.__setattr__(self, "partial", f"curate/{self.name}.html")
        object.__setattr__(self, "claimed", words["claimed"])
        object.__setattr__(self, "open_page", words["open_page"])
        unknown = sorted(self.shown - set(page.kind.content_schema.model_fields))
        if unknown:  # a misspelt name would hide nothing and list the field twice
            raise LookupError(f"{self.name} review shows no field named {', '.join(unknown)}")
