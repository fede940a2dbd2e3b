"""My organisation's items (/minhas-praticas): one section per declared kind, in the order of
the declarations (the first one names the page), each item with its status, the curators'
feedback and what can be done with it now."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from app.accounts.models import User
from app.db import SessionDep
from app.replications import service as replications
from app.web.contribute.kit import LOCKED, MINE, Feedback, FormKind, Item, Texts
from app.web.contribute.retract import retract_url, with_curators
from app.web.security import Contributor
from app.web.templating import render

MAX_PAGE = 10_000
SPREAD = 5  # the newest replications of our practices shown on top
SENDABLE = ("draft", "changes_requested")


@dataclass(frozen=True)
class Row:
    url: str
    title: str
    status: str
    pending: str | None  # a new revision's status, beside the published one
    updated_at: datetime
    note: str
    feedback: Feedback | None
    edit: str | None  # where to edit it, when it can be edited now
    send: str | None  # where to send it to curation, when it can be sent
    retract: str | None  # where to take it back from the curators, while they have it
    answered: bool  # the feedback is the item's current state (not history since resent)
    public: str | None  # its public page, once published


@dataclass(frozen=True)
class Section:
    anchor: str
    texts: Texts
    new_form: str
    rows: list[Row]
    total: int
    pages: int


def _row(kind: FormKind[Any], item: Item) -> Row:
    shown = item.pending_revision or item.revision
    editable = shown.status not in LOCKED and item.status != "archived"
    return Row(
        url=kind.page.page(item.id),
        title=kind.page.kind.title_of(shown.content),
        status=str(item.status),
        pending=str(item.pending_revision.status) if item.pending_revision else None,
        updated_at=item.updated_at,
        note=kind.note(shown.content),
        feedback=kind.feedback(item),
        edit=kind.edit_form(item.id) if editable else None,
        send=kind.send(item.id) if shown.status in SENDABLE else None,
        retract=retract_url(kind, item.id) if with_curators(item) else None,
        answered=shown.status in ("changes_requested", "rejected"),
        public=kind.page.page(item.id) if item.status == "published" else None,
    )


def add_route(pages: APIRouter, kinds: Sequence[FormKind[Any]]) -> None:
    @pages.get(MINE)
    def my_items(
        request: Request,
        session: SessionDep,
        user: Contributor,
        page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    ) -> Response:
        sections = [section(kind, session, user, page) for kind in kinds]
        context = {"sections": sections, "page": page, "spread": _spread(session, user)}
        return render(request, "contribute/mine.html", context)


def _spread(session: Session, user: User) -> list[Any]:
    """Who replicated my organisation's practices, newest first: how an author hears of it."""
    if user.organisation_id is None:
        return []
    return replications.replications_of_my_practices(session, user, SPREAD).items


def section(kind: FormKind[Any], session: Session, user: User, page: int) -> Section:
    """A kind's items on "my items": a page of them, or its most recently updated."""
    offset = (page - 1) * kind.shown if kind.paged else 0
    items, total = kind.own(session, user, kind.shown, offset)
    return Section(
        anchor=kind.anchor or kind.page.path,
        texts=kind.texts.translated(),
        new_form=kind.new_form,
        rows=[_row(kind, item) for item in items],
        total=total,
        pages=max(1, -(-total // kind.shown)) if kind.paged else 1,
    )
