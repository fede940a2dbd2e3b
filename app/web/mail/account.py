"""/conta/correio: the messages a person receives (each topic on or off, the same opt-outs a
one-click unsubscribe writes) and their saved searches, followed by a daily or weekly digest."""

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import ImmutableMultiDict

from app.accounts.models import Role, User
from app.calls import service as calls
from app.catalog.loader import get_catalog
from app.db import DbId, SessionDep
from app.errors import InvalidInput, NotFound
from app.mail import service as mail
from app.municipalities.search import state_names
from app.notifications import subscriptions as saved
from app.notifications.models import Frequency
from app.web import places
from app.web.calls.view import open_calls
from app.web.i18n import N_, _, use_language
from app.web.mail.topics import TOPICS
from app.web.security import Posted, SignedIn, check_csrf, load_user
from app.web.templating import flash, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)
PAGE = "/conta/correio"


def topics_for(user: User) -> list[str]:
    """The topics this person can receive at all (by role)."""
    shown = ["curation", "subscriptions"]
    if user.role in (Role.curator, Role.admin):
        shown.append("queue_digest")
    if user.role in (Role.gov_editor, Role.admin):
        shown.append("freshness")
    if user.organisation_id is not None or user.role == Role.admin:
        shown.append("join_requests")
    return shown


def _described(session: Session, sub: Any) -> dict[str, Any]:
    place = places.named(session, [sub.ibge_code]) if sub.ibge_code else []
    try:
        call = calls.get_call(session, sub.call_id).title if sub.call_id else ""
    except NotFound:
        call = ""
    return {
        "id": sub.id,
        "daily": sub.frequency == Frequency.daily,
        "themes": sub.themes,
        "uf": sub.uf or "",
        "municipality": f"{place[0].name}/{place[0].uf}" if place else "",
        "call": call,
    }


def _page(
    request: Request,
    session: Session,
    user: User,
    errors: dict[str, str] | None = None,
    form: Any = None,
    status: int = 200,
) -> Response:
    stopped = set(mail.opted_out_topics(session, user.email))
    context = {
        "topics": [
            (t, TOPICS[t], t not in stopped and "*" not in stopped) for t in topics_for(user)
        ],
        "everything_stopped": "*" in stopped,
        "saved": [_described(session, s) for s in saved.subscriptions(session, user)],
        "themes": get_catalog().taxonomies.themes,
        "ufs": sorted(state_names()),
        "calls": open_calls(session),
        "errors": errors or {},
        "form": form or {},
    }
    return render(request, "account/mail.html", context, status_code=status)


@router.get(PAGE)
def mail_page(request: Request, session: SessionDep, user: SignedIn) -> Response:
    """The page; ?theme=…&uf=… (the search page's link) fills the new saved search in."""
    asked = request.query_params
    prefill = [("themes", t) for t in asked.getlist("theme")] + [("uf", asked.get("uf") or "")]
    return _page(request, session, user, form=ImmutableMultiDict(prefill))


@router.post(f"{PAGE}/avisos")
def topics(request: Request, session: SessionDep, user: SignedIn, form: Posted) -> Response:
    wanted = set(form.getlist("topic"))
    mail.opt_in(session, user.email, mail.EVERYTHING)
    for topic in topics_for(user):
        if topic in wanted:
            mail.opt_in(session, user.email, topic)
        else:
            mail.opt_out(session, user.email, topic)
    flash(request, N_("Your e-mail choices were saved."))
    return RedirectResponse(PAGE, status_code=303)


def _field_errors(exc: InvalidInput) -> dict[str, str]:
    errors = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", [])[1:2]]
        errors[loc[0] if loc else "form"] = _("This value is not one of the choices.")
    return errors or {"form": _("The saved search could not be created.")}


@router.post(f"{PAGE}/buscas")
def follow(request: Request, session: SessionDep, user: SignedIn, form: Posted) -> Response:
    typed = (
        places.choose(session, str(form.get("municipio") or "")) if form.get("municipio") else None
    )
    if typed is not None and typed.code is None:
        return _page(request, session, user, {"municipio": typed.problem or ""}, form, 422)
    try:
        data = saved.SubscriptionCreate(
            frequency=Frequency(str(form.get("frequency") or "weekly")),
            themes=[str(t) for t in form.getlist("themes")],
            uf=str(form.get("uf") or "") or None,
            ibge_code=typed.code if typed else None,
            call_id=int(str(form.get("call"))) if str(form.get("call") or "").isdigit() else None,
        )
        saved.subscribe(session, user, data)
    except InvalidInput as exc:
        session.rollback()
        return _page(request, session, user, _field_errors(exc), form, 422)
    except ValueError:
        session.rollback()
        return _page(
            request, session, user, {"form": _("The saved search could not be created.")}, form, 422
        )
    flash(request, N_("You follow this search now: the digest comes by e-mail."))
    return RedirectResponse(PAGE, status_code=303)


@router.post(f"{PAGE}/buscas/{{subscription_id}}/excluir")
def unfollow(
    request: Request, session: SessionDep, user: SignedIn, subscription_id: DbId
) -> Response:
    saved.unsubscribe(session, user, subscription_id)
    flash(request, N_("You no longer follow this search."))
    return RedirectResponse(PAGE, status_code=303)
