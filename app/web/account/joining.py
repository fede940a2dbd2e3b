"""/participar: ask to join Partilha (an existing organisation or a new one), confirm the
e-mail by the mailed link, and the page where members and admins approve or refuse."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session

from app.accounts import joining
from app.accounts import repository as accounts
from app.accounts.passwords import Weak
from app.catalog.loader import get_catalog
from app.db import DbId, SessionDep
from app.errors import AppError, InvalidInput
from app.ratelimits.deps import LimiterDep, client_ip
from app.ratelimits.rules import Rule
from app.web.account.my_account import WEAK
from app.web.i18n import N_, _, current_lang, use_language
from app.web.posted import PERSON, Posted, posted
from app.web.security import SignedIn, check_csrf, load_user
from app.web.templating import flash, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)
NEW = "new"  # the organisation choice that names a new one
MESSAGES = {
    "name": N_("Write your name."),
    "email": N_("Write a valid e-mail."),
    "taken": N_("An account already has this e-mail: sign in or ask for a new password."),
    "organisation_id": N_("Choose your organisation or name a new one."),
    "new_organisation": N_("This organisation is already on Partilha: choose it in the list."),
    "new_organisation_type": N_("Choose the type of the organisation."),
    "message": N_("The message is too long."),
}
JoinForm = Annotated[
    Posted,
    posted(**PERSON, organisation=20, new_organisation=200, new_organisation_type=50, message=2000),
]


def _form_page(
    request: Request, session: Session, form: dict[str, Any], errors: dict[str, str], status: int
) -> Response:
    context = {
        "form": form,
        "errors": errors,
        "organisations": accounts.list_organisations(session, 2000, 0),
        "types": [t.slug for t in get_catalog().taxonomies.organisation_types],
        "new": NEW,
    }
    return render(request, "account/join.html", context, status_code=status)


@router.get("/participar")
def join_page(request: Request, session: SessionDep) -> Response:
    return _form_page(request, session, {}, {}, 200)


def _errors(exc: InvalidInput | ValidationError) -> dict[str, str]:
    found: dict[str, str] = {}
    problems = exc.errors if isinstance(exc, InvalidInput) else exc.errors()
    for problem in problems:
        field = str(problem["loc"][-1])
        if field == "password":
            found[field] = _(WEAK.get(Weak(problem["msg"]), WEAK[Weak.common]))
        elif problem.get("type") == "taken":
            found[field] = _(MESSAGES["taken"])
        else:
            found[field] = _(MESSAGES.get(field, MESSAGES["name"]))
    return found


@router.post("/participar")
def join(request: Request, session: SessionDep, limiter: LimiterDep, form: JoinForm) -> Response:
    # Each request mails a link: the same per-address budget as "forgot my password".
    limiter.hit(session, Rule.PASSWORD_RESET_IP, client_ip(request))
    chosen, new = form["organisation"], form["organisation"] == NEW
    try:
        data = joining.JoinAsk(
            name=form["name"].strip(),
            email=form["email"].strip(),
            password=form["password"],
            organisation_id=int(chosen) if chosen.isdigit() else None,
            new_organisation=form["new_organisation"] if new else None,
            new_organisation_type=form["new_organisation_type"] if new else None,
            message=form["message"],
        )
        joining.ask(session, data, current_lang())
    except (InvalidInput, ValidationError) as exc:
        session.rollback()
        return _form_page(request, session, form, _errors(exc), 422)
    return render(request, "account/join_sent.html", {"email": form["email"].strip()})


@router.get(joining.CONFIRM_PAGE)
def confirm_page(request: Request, t: str = "") -> Response:
    return render(request, "account/join_confirm.html", {"token": t[:200]})


@router.post(joining.CONFIRM_PAGE)
def confirm(
    request: Request, session: SessionDep, token: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    try:
        joined = joining.confirm(session, token)
    except InvalidInput:
        context = {"token": token, "invalid": True}
        return render(request, "account/join_confirm.html", context, status_code=422)
    name = joining.organisation_name(session, joined)
    return render(request, "account/join_confirm.html", {"confirmed": True, "organisation": name})


@router.get(joining.REQUESTS_PAGE)
def requests_page(request: Request, session: SessionDep, user: SignedIn) -> Response:
    rows = joining.pending(session, user)
    return render(request, "account/join_requests.html", {"rows": rows})


@router.post(joining.REQUESTS_PAGE + "/{request_id}/{decision}")
def decide(
    request: Request, session: SessionDep, user: SignedIn, request_id: DbId, decision: str
) -> Response:
    if decision not in ("aprovar", "recusar"):
        return RedirectResponse(joining.REQUESTS_PAGE, status_code=303)
    try:
        joining.decide(session, user, request_id, approve=decision == "aprovar")
    except AppError:
        session.rollback()
        flash(request, N_("This request was decided already or is not yours to decide."))
        return RedirectResponse(joining.REQUESTS_PAGE, status_code=303)
    done = N_("Approved: the person can sign in.") if decision == "aprovar" else N_("Refused.")
    flash(request, done)
    return RedirectResponse(joining.REQUESTS_PAGE, status_code=303)
