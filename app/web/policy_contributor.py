"""Contributor pages of the policy registry: propose a policy, edit it, send it to curation.
The organisation's policies are listed on "my practices" (contributor.py)."""

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from app.accounts.limits import SUBMISSION_LIMIT
from app.db import DbId, SessionDep
from app.errors import InvalidInput
from app.policies import service as policies
from app.policies.models import PolicyContent, PolicyUpdate
from app.web.contributor import LOCKED
from app.web.i18n import N_, use_language
from app.web.places import named
from app.web.policy_form import PolicyForm
from app.web.policy_views import options, policy_field, theme_options
from app.web.security import Contributor, Posted, check_csrf, load_user
from app.web.templating import flash, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)
MY_PAGE = "/minhas-praticas#politicas"


def _form_page(
    request: Request, form: PolicyForm, action: str, status: int = 200, **extra: Any
) -> Response:
    context = {
        "form": form,
        "action": action,
        "field_labels": {n: policy_field(n) for n in (*PolicyContent.model_fields, "municipality")},
        "instruments": options("instrument_type"),
        "levels": options("level"),
        "statuses": options("status"),
        "ufs": options("uf"),
        "themes": theme_options(),
        **extra,
    }
    return render(request, "contributor/policy_form.html", context, status_code=status)


def _checked(form: PolicyForm) -> PolicyContent | None:
    """The payload validated by the model with every problem placed on the form at once."""
    payload = form.payload()
    try:
        content = PolicyContent.model_validate(payload)
    except ValidationError as exc:
        form.place_errors([dict(e) for e in exc.errors()])
        return None
    return None if form.errors or form.general else content


def _failed(
    request: Request, form: PolicyForm, action: str, exc: InvalidInput, **extra: Any
) -> Response:
    form.place_errors(exc.errors)
    if not form.errors and not form.general:
        form.general.append(exc.message)
    return _form_page(request, form, action, status=422, **extra)


def _after_save(
    request: Request, session: SessionDep, user: Any, policy_id: DbId, action: Any
) -> Response:
    if action == "submit":
        policies.submit_policy(session, user, policy_id)
        flash(request, N_("Policy sent to curation. You will see the curators' feedback here."))
    else:
        flash(request, N_("Policy draft saved."))
    return RedirectResponse(MY_PAGE, status_code=303)


@router.get("/politicas/nova")
def new_policy(request: Request, user: Contributor) -> Response:
    return _form_page(request, PolicyForm.empty(), "/politicas/nova")


@router.post("/politicas/nova", dependencies=[SUBMISSION_LIMIT])
def propose_policy(
    request: Request, session: SessionDep, user: Contributor, posted: Posted
) -> Response:
    form = PolicyForm.from_post(posted)
    content = _checked(form)
    if content is None:
        return _form_page(request, form, "/politicas/nova", status=422)
    try:
        policy, _replayed = policies.propose_policy(session, user, content)
    except InvalidInput as exc:
        return _failed(request, form, "/politicas/nova", exc)
    return _after_save(request, session, user, policy.id or 0, posted.get("action"))


@router.get("/politicas/{policy_id:int}/editar")
def edit_policy(
    request: Request, session: SessionDep, user: Contributor, policy_id: DbId
) -> Response:
    policy = policies.get_policy(session, user, policy_id)
    latest = policy.pending_revision or policy.revision
    if latest.status in LOCKED or not policies.may_edit(session, user, policy_id):
        context = {"policy": policy, "editable": False}
        return render(request, "contributor/policy_locked.html", context, status_code=409)
    code = latest.content.get("ibge_code")
    place = next(iter(named(session, [code])), None) if code else None
    label = f"{place.ibge_code} {place.name}/{place.uf}" if place else ""
    form = PolicyForm.from_content(latest.content, label)
    published = policy.status.value == "published"
    action = f"/politicas/{policy_id}/editar"
    return _form_page(request, form, action, policy_id=policy_id, published=published)


@router.post("/politicas/{policy_id:int}/editar")
def update_policy(
    request: Request, session: SessionDep, user: Contributor, policy_id: DbId, posted: Posted
) -> Response:
    policy = policies.get_policy(session, user, policy_id)
    form = PolicyForm.from_post(posted)
    action = f"/politicas/{policy_id}/editar"
    extra = {"policy_id": policy_id, "published": policy.status.value == "published"}
    content = _checked(form)
    if content is None:
        return _form_page(request, form, action, status=422, **extra)
    try:
        patch = PolicyUpdate.model_validate(content.model_dump(mode="json"))
        policies.update_policy(session, user, policy_id, patch)
    except InvalidInput as exc:
        return _failed(request, form, action, exc, **extra)
    return _after_save(request, session, user, policy_id, posted.get("action"))


@router.post("/politicas/{policy_id:int}/enviar", dependencies=[SUBMISSION_LIMIT])
def submit_policy(
    request: Request, session: SessionDep, user: Contributor, policy_id: DbId
) -> Response:
    return _after_save(request, session, user, policy_id, "submit")
