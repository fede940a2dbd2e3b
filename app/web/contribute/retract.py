"""Taking an item back from the curators: while its latest revision waits for them (sent or
in review), "Edit" becomes "Take back from curation" — a page that says what it means and asks
to confirm, then the engine's retract (the revision is a draft again) and the edit form."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from app.curation import items
from app.db import DbId, SessionDep
from app.web.contribute.kit import LOCKED, FormKind, Item
from app.web.i18n import N_
from app.web.security import Contributor
from app.web.templating import flash, render

RETRACTED = N_("Taken back from curation: it is a draft again. Edit it and send it when ready.")


def retract_url(kind: FormKind[Any], item_id: int) -> str:
    return f"{kind.page.page(item_id)}/retirar"


def with_curators(item: Item) -> bool:
    return (item.pending_revision or item.revision).status in LOCKED


def add_routes(pages: APIRouter, kind: FormKind[Any]) -> None:
    """GET (the confirmation) and POST /{path}/{id}/retirar for a kind."""

    @pages.get(f"/{kind.page.path}/{{item_id:int}}/retirar")
    def confirm(
        request: Request, session: SessionDep, user: Contributor, item_id: DbId
    ) -> Response:
        item = kind.get(session, user, item_id)
        if not with_curators(item):
            return RedirectResponse(kind.edit_form(item_id), status_code=303)
        shown = item.pending_revision or item.revision
        context = {
            "title": kind.page.kind.title_of(shown.content),
            "action": retract_url(kind, item_id),
            "back": kind.mine,
            "in_review": shown.status == "in_review",
        }
        return render(request, "contribute/retract.html", context)

    @pages.post(f"/{kind.page.path}/{{item_id:int}}/retirar")
    def retract(
        request: Request, session: SessionDep, user: Contributor, item_id: DbId
    ) -> Response:
        items.retract_by_id(session, user, kind.page.kind, item_id)
        flash(request, RETRACTED)
        return RedirectResponse(kind.edit_form(item_id), status_code=303)
