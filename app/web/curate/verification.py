"""The policies due for re-verification against their official source, and recording that a
curator checked one (policies alone carry a verification date)."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from app.db import DbId, SessionDep
from app.policies import service as policies
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


@router.get(DUE_PAGE)
def verification_due(request: Request, session: SessionDep, user: Curator) -> Response:
    due = policies.verification_due(session)
    places = {m.ibge_code: m for m in named(session, [d.ibge_code for d in due if d.ibge_code])}
    return render(request, "curate/verification.html", {"due": due, "places": places})


@router.post("/curadoria/politicas/{policy_id:int}/verificar")
def verify(
    request: Request, session: SessionDep, user: Curator, policy_id: DbId, posted: Posted
) -> Response:
    note = str(posted.get("note") or "").strip()[:NOTE_LIMIT] or None
    policies.verify_policy(session, user, policy_id, note)
    flash(request, N_("Verification recorded. The policy shows today's date as last verified."))
    return RedirectResponse(DUE_PAGE, status_code=303)
