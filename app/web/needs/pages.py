"""The public pages of needs: the board /necessidades (by status, UF and theme) and a need's
page /necessidades/{id}, where members of an organisation offer help and the owner sees every
offer with its contact and marks the need met."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from app.accounts.deps import OptionalUser
from app.db import DbId, SessionDep
from app.errors import Conflict, InvalidInput
from app.needs import service as needs
from app.needs.models import NeedState, NeedStatus, NeedUpdate, OfferCreate
from app.needs.suggestions import suggestions_for
from app.web.i18n import N_, _, current_lang, use_language
from app.web.labels import options, theme_options
from app.web.needs.form import OfferForm, offer_labels
from app.web.security import Posted, SignedIn, check_csrf, load_user
from app.web.templating import flash, render

BOARD = "/necessidades"
SUGGESTED = 5
STATUSES = {
    "open": N_("Open"),
    "met": N_("Met"),
    "expired": N_("Expired"),
}

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)


def need_path(need_id: int) -> str:
    return f"{BOARD}/{need_id}"


@router.get(BOARD)
def board(
    request: Request,
    session: SessionDep,
    user: OptionalUser,
    status: NeedStatus | None = NeedStatus.open,
    uf: str = "",
    theme: str = "",
) -> Response:
    listed = needs.list_needs(
        session, uf=uf[:2] or None, theme=theme or None, status=status, limit=200
    )
    context = {
        "needs": listed,
        "chosen": {"status": status.value if status else "", "uf": uf, "theme": theme},
        "statuses": [(k, _(v)) for k, v in STATUSES.items()],
        "ufs": options("uf"),
        "themes": theme_options(),
    }
    return render(request, "needs/board.html", context)


def _need_page(
    request: Request,
    session: SessionDep,
    user: OptionalUser,
    need_id: int,
    form: OfferForm,
    status: int = 200,
) -> Response:
    need = needs.get_need(session, need_id, user)
    suggested = suggestions_for(session, need.ibge_code, current_lang(), SUGGESTED)
    # On a need's page, only what answers this need's own themes.
    suggested.items = [s for s in suggested.items if set(s.themes) & set(need.themes)]
    context = {
        "suggestions": suggested,
        "need": need,
        "owner": need.offers is not None,
        "may_offer": user is not None and user.organisation_id is not None,
        "form": form,
        "field_labels": offer_labels(),
        "statuses": {k: _(v) for k, v in STATUSES.items()},
    }
    return render(request, "needs/need.html", context, status_code=status)


@router.get(f"{BOARD}/{{need_id:int}}")
def need_page(request: Request, session: SessionDep, user: OptionalUser, need_id: DbId) -> Response:
    return _need_page(request, session, user, need_id, OfferForm())


@router.post(f"{BOARD}/{{need_id:int}}/ofertas")
def offer(
    request: Request, session: SessionDep, user: SignedIn, need_id: DbId, posted: Posted
) -> Response:
    form = OfferForm.from_post(posted)
    body = form.validated(OfferCreate)
    if body is None:
        return _need_page(request, session, user, need_id, form, 422)
    try:
        needs.offer_help(session, user, need_id, body)
    except InvalidInput as exc:
        form.refused(exc)
        return _need_page(request, session, user, need_id, form, 422)
    except Conflict:
        form.general.append(_("This need is no longer open: it takes no more offers."))
        return _need_page(request, session, user, need_id, form, 409)
    flash(request, N_("Offer sent. The need's owner has been told."))
    return RedirectResponse(need_path(need_id), status_code=303)


@router.post(f"{BOARD}/{{need_id:int}}/atendida")
def mark_met(request: Request, session: SessionDep, user: SignedIn, need_id: DbId) -> Response:
    needs.update_need(session, user, need_id, NeedUpdate(status=NeedState.met))
    flash(request, N_("The need is marked as met."))
    return RedirectResponse(need_path(need_id), status_code=303)
