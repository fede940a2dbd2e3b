"""The review kit, one for every kind: the review page (diff against the published revision,
the kind's content, checklist, decision, history), taking an item into review and deciding,
at /curadoria/{the kind's path}/{id}[/assumir|/decisao]."""

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session

from app.accounts.models import User
from app.catalog.loader import get_catalog
from app.curation import decisions, items
from app.curation import service as curation
from app.db import DbId, SessionDep
from app.errors import InvalidInput
from app.web import translated
from app.web.curate.decision_form import DONE, DecisionForm, revision_id
from app.web.curate.filled import filled
from app.web.curate.kit import ReviewKind
from app.web.curate.queue import APPROVED
from app.web.curate.reviews import review_kinds
from app.web.diff import content_diff
from app.web.i18n import use_language
from app.web.security import Curator, Posted, check_csrf, load_user
from app.web.templating import flash, query, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)


def _page(
    request: Request,
    session: SessionDep,
    user: User,
    review: ReviewKind,
    item_id: int,
    form: DecisionForm | None = None,
    status: int = 200,
) -> Response:
    item = review.load(session, user, item_id)
    latest = item.pending_revision or item.revision
    published = item.revision if item.pending_revision else None
    context: dict[str, Any] = {
        "review": review,
        "item": item,
        "latest": latest,
        "published": published,
        "diff": content_diff(published.content, latest.content) if published else [],
        "criteria": get_catalog().criteria_for(review.name),
        "history": curation.history_for(session, user, review.page.kind, item_id),
        "cannot_decide": decisions.decision_conflict(session, user, review.page.kind, item_id),
        "form": form or DecisionForm(),
        "filled": filled(review.page.kind, latest.content, review.shown),
        "asked_diff": _since_asked(session, review, latest),
        # Each translation beside the Portuguese; the diff names translated fields so.
        "translations_beside": translated.beside(review.page.kind, latest.content),
        "translation_labels": translated.named(review.page.kind),
        **review.extra(session, user, item, latest.content),
    }
    return render(request, "curate/review.html", context, status_code=status)


def _since_asked(session: Session, review: ReviewKind, latest: Any) -> list[Any] | None:
    """A resubmission's changes since the curators asked (None: not one, or not kept)."""
    if latest.status not in ("submitted", "in_review"):
        return None
    asked = items.content_asked(session, review.page.kind, latest)
    return None if asked is None else content_diff(asked, latest.content)


def _mount(review: ReviewKind) -> None:
    """The kind's three routes; each closes over its declaration."""
    page = f"/curadoria/{review.page.path}/{{item_id:int}}"

    @router.get(page, name=f"review_{review.name}")
    def show(request: Request, session: SessionDep, user: Curator, item_id: DbId) -> Response:
        return _page(request, session, user, review, item_id)

    @router.post(page + "/assumir", name=f"claim_{review.name}")
    def claim(
        request: Request, session: SessionDep, user: Curator, item_id: DbId, posted: Posted
    ) -> Response:
        decisions.claim(session, user, review.page.kind, item_id, revision_id(posted))
        flash(request, review.claimed)
        return RedirectResponse(review.page.review_page(item_id), status_code=303)

    @router.post(page + "/decisao", name=f"decide_{review.name}")
    def decide(
        request: Request, session: SessionDep, user: Curator, item_id: DbId, posted: Posted
    ) -> Response:
        form = DecisionForm.from_post(posted, get_catalog().criteria_for(review.name))
        try:
            decisions.decide(session, user, review.page.kind, item_id, form.body())
        except (InvalidInput, ValidationError) as exc:
            form.place_errors(exc)
            return _page(request, session, user, review, item_id, form, 422)
        flash(request, DONE[form.outcome])
        # After an approval the queue links the page just published.
        approved = f"?{query({APPROVED: f'{review.name}:{item_id}'})}"
        return RedirectResponse(
            "/curadoria" + (approved if form.outcome == "approve" else ""), status_code=303
        )


for _review in review_kinds():
    _mount(_review)
