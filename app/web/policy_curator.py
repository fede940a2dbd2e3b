"""Curator pages of the policy registry: the review of a proposed policy (claim, diff against
the published revision, checklist, decision) and the policies due for re-verification."""

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from app.catalog.loader import get_catalog
from app.curation import decisions
from app.curation import service as curation
from app.curation.models import DecisionCreate
from app.db import DbId, SessionDep
from app.errors import InvalidInput
from app.policies import service as policies
from app.policies.kind import POLICY
from app.web.curator import DONE, _decision_errors, _int
from app.web.diff import content_diff
from app.web.i18n import N_, use_language
from app.web.places import named
from app.web.security import Curator, Posted, check_csrf, load_user
from app.web.templating import flash, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)
DUE_PAGE = "/curadoria/politicas/verificacao"
NOTE_LIMIT = 5000


def _review_page(
    request: Request, session: SessionDep, user: Any, policy_id: int, status: int = 200, **more: Any
) -> Response:
    policy = policies.get_policy(session, user, policy_id)
    latest = policy.pending_revision or policy.revision
    published = policy.revision if policy.pending_revision else None
    code = latest.content.get("ibge_code")
    context = {
        "policy": policy,
        "latest": latest,
        "published": published,
        "diff": content_diff(published.content, latest.content) if published else [],
        "criteria": get_catalog().criteria_for("policy"),
        "place": next(iter(named(session, [code])), None) if code else None,
        "history": curation.history_for(session, user, POLICY, policy_id),
        "cannot_decide": decisions.decision_conflict(session, user, POLICY, policy_id),
        "answers": {},
        "errors": {},
        "reason": "",
        **more,
    }
    return render(request, "curator/policy_review.html", context, status_code=status)


@router.get("/curadoria/politicas/{policy_id:int}")
def review(request: Request, session: SessionDep, user: Curator, policy_id: DbId) -> Response:
    return _review_page(request, session, user, policy_id)


@router.post("/curadoria/politicas/{policy_id:int}/assumir")
def claim(
    request: Request, session: SessionDep, user: Curator, policy_id: DbId, posted: Posted
) -> Response:
    decisions.claim(session, user, POLICY, policy_id, _int(posted.get("revision_id")))
    flash(request, N_("You are now reviewing this policy."))
    return RedirectResponse(f"/curadoria/politicas/{policy_id}", status_code=303)


@router.post("/curadoria/politicas/{policy_id:int}/decisao")
def decide(
    request: Request, session: SessionDep, user: Curator, policy_id: DbId, posted: Posted
) -> Response:
    criteria = get_catalog().criteria_for("policy")
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
        decisions.decide(session, user, POLICY, policy_id, body)
    except (InvalidInput, ValidationError) as exc:
        errors = _decision_errors(exc)
        return _review_page(
            request, session, user, policy_id, 422, answers=answers, errors=errors, reason=reason
        )
    flash(request, DONE[outcome])
    return RedirectResponse("/curadoria", status_code=303)


@router.get(DUE_PAGE)
def verification_due(request: Request, session: SessionDep, user: Curator) -> Response:
    due = policies.verification_due(session)
    places = {m.ibge_code: m for m in named(session, [d.ibge_code for d in due if d.ibge_code])}
    return render(request, "curator/verification.html", {"due": due, "places": places})


@router.post("/curadoria/politicas/{policy_id:int}/verificar")
def verify(
    request: Request, session: SessionDep, user: Curator, policy_id: DbId, posted: Posted
) -> Response:
    note = str(posted.get("note") or "").strip()[:NOTE_LIMIT] or None
    policies.verify_policy(session, user, policy_id, note)
    flash(request, N_("Verification recorded. The policy shows today's date as last verified."))
    return RedirectResponse(DUE_PAGE, status_code=303)
