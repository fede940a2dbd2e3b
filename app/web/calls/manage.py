"""The curators' pages of thematic calls (curators and admins; others get the 403 page):
/curadoria/chamadas lists them, /curadoria/chamadas/nova opens or schedules one and
/curadoria/chamadas/{id}/editar edits one until it opens."""

from collections.abc import Callable

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from app.calls import service as calls
from app.calls.models import CallCreate, CallPublic, CallStatus, CallUpdate
from app.db import DbId, SessionDep
from app.errors import Conflict, InvalidInput
from app.web.calls import view
from app.web.calls.form import CallForm, field_labels
from app.web.i18n import N_, _, use_language
from app.web.labels import options, theme_options
from app.web.security import Curator, Posted, check_csrf, load_user
from app.web.templating import flash, render

HOME = "/curadoria/chamadas"
NEW = f"{HOME}/nova"
SCOPES = {"national": N_("Nationwide"), "regional": N_("In some states or municipalities")}

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)


def _edit(call_id: int) -> str:
    return f"{HOME}/{call_id}/editar"


def _page(request: Request, form: CallForm, action: str, status: int = 200) -> Response:
    context = {
        "form": form,
        "action": action,
        "heading": _("Edit the call") if action != NEW else _("Open a call"),
        "field_labels": field_labels(),
        "themes": theme_options(),
        "scopes": [(k, _(v)) for k, v in SCOPES.items()],
        "ufs": options("uf"),
    }
    return render(request, "calls/form.html", context, status_code=status)


def _save(
    request: Request, form: CallForm, action: str, save: Callable[[CallCreate], CallPublic]
) -> Response:
    """Validate the form and save it; any problem comes back beside its field."""
    body = form.validated(CallCreate)
    if body is None:
        return _page(request, form, action, 422)
    try:
        call = save(body)
    except InvalidInput as exc:
        form.refused(exc)
        return _page(request, form, action, 422)
    except Conflict:
        form.general.append(_("This call has opened: it can no longer be edited."))
        return _page(request, form, action, 409)
    flash(request, N_("Call saved."))
    return RedirectResponse(f"/chamadas/{call.id}", status_code=303)


@router.get(HOME)
def calls_home(request: Request, session: SessionDep, user: Curator) -> Response:
    return render(request, "calls/manage.html", {"calls": view.listing(session)})


@router.get(NEW)
def new_call(request: Request, user: Curator) -> Response:
    return _page(request, CallForm.empty(), NEW)


@router.post(NEW)
def create_call(request: Request, session: SessionDep, user: Curator, posted: Posted) -> Response:
    form = CallForm.from_post(posted)
    return _save(request, form, NEW, lambda body: calls.create_call(session, user, body))


@router.get(f"{HOME}/{{call_id:int}}/editar")
def edit_call(request: Request, session: SessionDep, user: Curator, call_id: DbId) -> Response:
    call = calls.get_call(session, call_id)
    form = CallForm.from_call(session, call)
    if call.status != CallStatus.upcoming:
        form.general.append(_("This call has opened: it can no longer be edited."))
    return _page(request, form, _edit(call_id))


@router.post(f"{HOME}/{{call_id:int}}/editar")
def update_call(
    request: Request, session: SessionDep, user: Curator, call_id: DbId, posted: Posted
) -> Response:
    def save(body: CallCreate) -> CallPublic:
        patch = CallUpdate.model_validate(body.model_dump())
        return calls.update_call(session, user, call_id, patch)

    return _save(request, CallForm.from_post(posted), _edit(call_id), save)
