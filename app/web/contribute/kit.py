"""What the contribute kit needs of a curated kind beyond its engine declaration and its pages:
how its form is built (from its template or its fixed fields), read and prefilled, which service
functions create, edit, send and list its items, and the words of its pages. A kind hands these
over (`practice.py`, `policy.py`); the kit (`pages.py`, `mine.py`) never names a kind."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import yaml
from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlmodel import Session
from starlette.datastructures import FormData, QueryParams

from app.accounts.models import User
from app.errors import NotFound
from app.web.contribute.form import Form
from app.web.i18n import _
from app.web.kinds import CuratedItem, PageKind, page_kind

MINE = "/minhas-praticas"  # my organisation's items, every kind's in its own section
LOCKED = ("submitted", "in_review")  # with the curators: not editable meanwhile
F = TypeVar("F", bound=Form)
WORDS = Path(__file__).with_name("words.yaml")


class Item(CuratedItem, Protocol):
    """An item as its domain serves it to the organisation that manages it."""

    updated_at: datetime

    @property
    def status(self) -> str: ...


@dataclass(frozen=True)
class Feedback:
    """The curators' last word on an item, as "my items" shows it."""

    reason: str
    action: str | None = None
    at: datetime | None = None


@dataclass(frozen=True)
class Texts:
    """Message ids (English; translated when the page is made) of a kind's pages, declared in
    words.yaml under the kind's name (what each one is for is said there)."""

    new: str
    edit: str
    published: str
    saved: str
    sent: str
    locked: str
    locked_why: str
    back: str
    mine: str
    share: str
    none_yet: str

    @classmethod
    def of(cls, kind: str) -> "Texts":
        """The kind's words; a kind missing from words.yaml, or a word missing or unknown,
        stops the start-up (TypeError) rather than a page."""
        return cls(**_words()[kind])

    def translated(self) -> "Texts":
        return Texts(**{f.name: _(getattr(self, f.name)) for f in fields(self)})


@lru_cache
def _words() -> dict[str, dict[str, str]]:
    loaded: dict[str, dict[str, str]] = yaml.safe_load(WORDS.read_text(encoding="utf-8"))
    return loaded


def _nothing_to_choose(_request: Request) -> Response:
    raise NotFound("nothing to choose from")


def _always(_session: Session, _user: User, _item: Any) -> bool:
    return True


def _nothing(_session: Session, _user: User, _item: Any) -> dict[str, Any]:
    return {}


def _no_feedback(_item: Any) -> Feedback | None:
    return None


def _no_note(_content: dict[str, Any]) -> str:
    return ""


@dataclass(frozen=True)
class FormKind(Generic[F]):
    name: str  # the kind's: its pages, its form `contribute/{name}_form.html`, its words
    create_schema: type[BaseModel]  # what a new item's form is validated against
    update_schema: type[BaseModel]  # the service's edit (an item's form: the kind's content)
    # The empty form for the query (?modelo=...); None when the person chooses first (`choose`).
    blank: Callable[[QueryParams], F | None]
    read: Callable[[FormData, Any], F]  # the posted form; the item when editing, else None
    prefill: Callable[[Session, Any], F]  # an item's latest revision in its form
    # Labels and choices in the request's language (some are read from the database).
    options: Callable[[Session, F], dict[str, Any]]
    # The domain's service: the item as its managers see it, then create (with an idempotency
    # key; the new item's id), edit, send to curation, and the organisation's own (and total).
    get: Callable[[Session, User, int], Item]
    create: Callable[[Session, User, Any, str | None], int]
    update: Callable[[Session, User, int, Any], Any]
    submit: Callable[[Session, User, int], Any]
    own: Callable[[Session, User, int, int], tuple[Sequence[Item], int]]
    choose: Callable[[Request], Response] = _nothing_to_choose
    may_edit: Callable[[Session, User, Any], bool] = _always  # beyond "not with the curators"
    extra: Callable[[Session, User, Any], dict[str, Any]] = _nothing  # an item's form's more
    feedback: Callable[[Any], Feedback | None] = _no_feedback
    note: Callable[[dict[str, Any]], str] = _no_note  # beside its status on "my items"
    shown: int = 20  # items of its section on "my items" (per page when paged)
    paged: bool = True
    anchor: str = ""  # its section's id on "my items"
    locked_back: Callable[[int], str] | None = None  # default: the item's page
    page: PageKind = field(init=False)
    template: str = field(init=False)  # the form's fields, extending contribute/form.html
    texts: Texts = field(init=False)

    def __post_init__(self) -> None:
        # A kind without pages or words stops the start-up (LookupError, KeyError), not a page.
        object.__setattr__(self, "page", page_kind(self.name))
        object.__setattr__(self, "template", f"contribute/{self.name}_form.html")
        object.__setattr__(self, "texts", Texts.of(self.name))

    @property
    def new_form(self) -> str:
        return f"/{self.page.path}/nova"

    def edit_form(self, item_id: int) -> str:
        return f"{self.page.page(item_id)}/editar"

    def send(self, item_id: int) -> str:
        return f"{self.page.page(item_id)}/enviar"

    @property
    def mine(self) -> str:
        return f"{MINE}#{self.anchor}" if self.anchor else MINE

    def back_from_locked(self, item_id: int) -> str:
        return self.locked_back(item_id) if self.locked_back else self.page.page(item_id)
