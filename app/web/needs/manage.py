"""The gov editor's form of needs: /municipios/{ibge}/necessidades/nova posts one for a
municipality in the editor's scope, /necessidades/{id}/editar edits one (its owner); others
get the 403 page."""

from collections.abc import Callable

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from app.db import DbId, IbgeCode, SessionDep
from app.errors import InvalidInput
from app.municipalities import service as municipalities
from app.needs import service as needs
from app.needs.models import NeedCreate, NeedPublic, NeedUpdate
from app.web.i18n import N_, _, use_language
from app.web.labels import theme_options
from app.web.needs.form import NeedForm, need_labels
from app.web.needs.pages import need_path
from app.web.security import GovEditor, Posted, check_csrf, load_user
from app.web.templating import flash, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)


def new_path(ibge_code: int) -> str:
    return f"/municipios/{ibge_code}/necessidades/nova"


def _page(
    request: Request, form: NeedForm, action: str, heading: str, status: int = 200
) -> Response:
    context = {
        "form": form,
        "action": action,
        "heading": heading,
        "field_labels": need_labels(),
        "themes": theme_options(),
    }
    return render(request, "needs/form.html", context, status_code=status)


def _save(
    request: Request,
    form: NeedForm,
    action: str,
    heading: str,
    save: Callable[[NeedCreate], NeedPublic],
) -> Response:
    """Validate the form and save it; any problem comes back beside its field."""
    body = form.validated(NeedCreate)
    if body is None:
        return _page(request, form, action, heading, 422)
    try:
        need = save(body)
    except InvalidInput as exc:
        form.refused(exc)
        return _page(request, form, action, heading, 422)
    flash(request, N_("Need saved."))
    return RedirectResponse(need_path(need.id), status_code=303)


def _new_heading(session: SessionDep, ibge_code: int) -> str:
    place = municipalities.get_municipality(session, ibge_code)
    return _("A need of %(place)s") % {"place": f"{place.name}/{place.uf}"}


@router.get("/municipios/{ibge_code:int}/necessidades/nova")
def new_need(
    request: Request, session: SessionDep, user: GovEditor, ibge_code: IbgeCode
) -> Response:
    heading = _new_heading(session, ibge_code)
    return _page(request, NeedForm(), new_path(ibge_code), heading)


@router.post("/municipios/{ibge_code:int}/necessidades/nova")
def create_need(
    request: Request, session: SessionDep, user: GovEditor, ibge_code: IbgeCode, posted: Posted
) -> Response:
    heading = _new_heading(session, ibge_code)
    return _save(
        request,
        NeedForm.from_post(posted),
        new_path(ibge_code),
        heading,
        lambda body: needs.create_need(session, user, ibge_code, body),
    )


@router.get("/necessidades/{need_id:int}/editar")
def edit_need(request: Request, session: SessionDep, user: GovEditor, need_id: DbId) -> Response:
    need = needs.get_need(session, need_id, user)
    return _page(request, NeedForm.from_need(need), f"{need_path(need_id)}/editar", need.title)


@router.post("/necessidades/{need_id:int}/editar")
def update_need(
    request: Request, session: SessionDep, user: GovEditor, need_id: DbId, posted: Posted
) -> Response:
    def save(body: NeedCreate) -> NeedPublic:
        return needs.update_need(session, user, need_id, NeedUpdate(**body.model_dump()))

    form = NeedForm.from_post(posted)
    return _save(request, form, f"{need_path(need_id)}/editar", _("Edit the need"), save)
