"""Sign in, sign out and the language switch."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from app.accounts import service as accounts
from app.accounts.lockout import SignInGuardDep
from app.db import SessionDep
from app.errors import Unauthorized
from app.web.i18n import LANGS, _, use_language
from app.web.posted import Posted, posted
from app.web.security import (
    check_csrf,
    end_session,
    load_user,
    safe_next,
    start_session,
)
from app.web.sessions import remember_language
from app.web.templating import render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)
SignInForm = Annotated[Posted, posted(email=254, password=200, next=2000)]


@router.get("/entrar")
def sign_in_page(request: Request, next: str | None = None) -> Response:
    if request.state.user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "account/sign_in.html", {"next": safe_next(next), "email": ""})


@router.post("/entrar")
def sign_in(
    request: Request, session: SessionDep, guard: SignInGuardDep, form: SignInForm
) -> Response:
    email, target = form["email"], safe_next(form["next"] or "/")
    try:
        # The same budget as the API's /auth/token (app.ratelimits): 429 page when used up.
        with guard.attempt(email):
            user = accounts.authenticate(session, email, form["password"])
    except Unauthorized:
        context = {"next": target, "email": email, "error": _("Wrong e-mail or password.")}
        return render(request, "account/sign_in.html", context, status_code=400)
    start_session(request, session, user)
    if user.language in LANGS:  # the language the person chose on their account page
        remember_language(request, user.language)
    if target == "/":
        target = home_for(user.role.value)
    return RedirectResponse(target, status_code=303)


def home_for(role: str) -> str:
    return {"curator": "/curadoria", "admin": "/curadoria", "gov_editor": "/gestao/capacidade"}.get(
        role, "/minhas-praticas"
    )


@router.post("/sair")
def sign_out(request: Request, session: SessionDep) -> Response:
    end_session(request, session)
    return RedirectResponse("/", status_code=303)


@router.get("/idioma/{lang}")
def switch_language(request: Request, lang: str, next: str | None = None) -> Response:
    """The visible language switch: remembered in a cookie for a year."""
    if lang in LANGS:
        remember_language(request, lang)
    return RedirectResponse(safe_next(next), status_code=303)
