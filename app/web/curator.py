"""Curator pages: the queue and the review of one practice (claim, diff, checklist, decision)."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from app.catalog.loader import get_catalog
from app.curation import decisions, registry
from app.curation import queue as curation_queue
from app.curation import service as curation
from app.curation.models import DecisionCreate
from app.db import DbId, SessionDep
from app.errors import InvalidInput
from app.municipalities.search import state_names
from app.practices import service as practices
from app.practices.kind import PRACTICE
from app.practices.models import PracticePublic
from app.privacy import service as privacy
from app.web.diff import content_diff
from app.web.i18n import N_, _, use_language
from app.web.places import named
from app.web.security import Curator, Posted, check_csrf, load_user
from app.web.templating import flash, query, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)
PER_PAGE = 25
OUTCOMES = ("approve", "request_changes", "reject")
DONE = {
    "approve": N_("Decision recorded: approved."),
    "request_changes": N_("Decision recorded: changes requested. The submitter sees your reason."),
    "reject": N_("Decision recorded: rejected. The submitter sees your reason."),
}


@router.get("/curadoria")
def queue(
    request: Request,
    session: SessionDep,
    user: Curator,
    theme: Annotated[str, Query(max_length=60)] = "",
    uf: Annotated[str, Query(max_length=2)] = "",
    template: Annotated[str, Query(max_length=40)] = "",
    kind: Annotated[str, Query(max_length=40)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    filters = {"theme": theme, "uf": uf.upper(), "template": template}
    chosen = registry.find(kind) if kind else None
    listing = curation_queue.get_queue(
        session,
        user,
        chosen,
        theme or None,
        uf.upper() or None,
        template or None,
        PER_PAGE,
        (page - 1) * PER_PAGE,
    )
    context = {
        "listing": listing,
        "filters": filters,
        "kind": chosen.name if chosen else "",
        "page": page,
        "pages": max(1, -(-listing.total // PER_PAGE)),
        "themes": get_catalog().taxonomies.themes,
        "templates": get_catalog().templates,
        "ufs": sorted(state_names()),
        "base_query": query({**filters, "kind": chosen.name if chosen else ""}),
    }
    return render(request, "curator/queue.html", context)


def _review_context(practice: PracticePublic) -> dict[str, Any]:
    latest = practice.pending_revision or practice.revision
    published = practice.revision if practice.pending_revision else None
    diff = content_diff(published.content, latest.content) if published else []
    return {
        "practice": practice,
        "latest": latest,
        "published": published,
        "diff": diff,
        "criteria": get_catalog().criteria_for("practice"),
        "answers": {},
        "errors": {},
        "reason": "",
        "outcome": "",
    }


def _review_page(
    request: Request,
    session: SessionDep,
    user: Any,
    practice_id: DbId,
    status: int = 200,
    **overrides: Any,
) -> Response:
    practice = practices.get_practice(session, user, practice_id)
    context = _review_context(practice)
    context["history"] = curation.history_for(session, user, PRACTICE, practice_id)
    context["cannot_decide"] = decisions.decision_conflict(session, user, PRACTICE, practice_id)
    context["places"] = named(session, context["latest"].content.get("municipalities", []))
    context["consent"] = privacy.latest_contact_consent(session, user, practice_id)
    context.update(overrides)
    return render(request, "curator/review.html", context, status_code=status)


@router.get("/curadoria/praticas/{practice_id:int}")
def review(request: Request, session: SessionDep, user: Curator, practice_id: DbId) -> Response:
    return _review_page(request, session, user, practice_id)


@router.post("/curadoria/praticas/{practice_id:int}/assumir")
def claim(
    request: Request, session: SessionDep, user: Curator, practice_id: DbId, posted: Posted
) -> Response:
    revision_id = _int(posted.get("revision_id"))
    decisions.claim(session, user, PRACTICE, practice_id, revision_id)
    flash(request, N_("You are now reviewing this practice."))
    return RedirectResponse(f"/curadoria/praticas/{practice_id}", status_code=303)


def _int(raw: Any) -> int | None:
    try:
        return int(str(raw))
    except ValueError:
        return None


@router.post("/curadoria/praticas/{practice_id:int}/decisao")
def decide(
    request: Request, session: SessionDep, user: Curator, practice_id: DbId, posted: Posted
) -> Response:
    criteria = get_catalog().criteria_for("practice")
    answers = {
        c.id: str(posted.get(f"criterion.{c.id}"))
        for c in criteria
        if posted.get(f"criterion.{c.id}")
    }
    outcome, reason = str(posted.get("outcome") or ""), str(posted.get("reason") or "").strip()
    try:
        body = DecisionCreate.model_validate(
            {
                "revision_id": _int(posted.get("revision_id")),
                "outcome": outcome,
                "reason": reason or None,
                "checklist": answers,
            }
        )
        decisions.decide(session, user, PRACTICE, practice_id, body)
    except (InvalidInput, ValidationError) as exc:
        errors = _decision_errors(exc)
        return _review_page(
            request,
            session,
            user,
            practice_id,
            422,
            answers=answers,
            errors=errors,
            reason=reason,
            outcome=outcome,
        )
    flash(request, DONE[outcome])
    return RedirectResponse("/curadoria", status_code=303)


def _decision_errors(exc: InvalidInput | ValidationError) -> dict[str, str]:
    raw = exc.errors if isinstance(exc, InvalidInput) else list(exc.errors())
    errors: dict[str, str] = {}
    for error in raw:
        loc = [str(p) for p in error.get("loc", []) if p != "body"]
        if loc[:1] == ["checklist"] and len(loc) > 1:
            errors[f"criterion.{loc[1]}"] = _("Answer “yes” to approve.")
        elif loc[:1] == ["reason"]:
            errors["reason"] = _("Give the submitter a reason.")
        elif loc[:1] == ["outcome"]:
            errors["outcome"] = _("Choose a decision.")
        else:
            errors["_general"] = str(error.get("msg", ""))
    return errors
