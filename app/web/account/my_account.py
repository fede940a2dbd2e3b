"""The account page: change my password and my language, sign out everywhere, download what
Partilha holds about me, delete my account."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.accounts import credentials, sessions
from app.accounts import repository as accounts
from app.accounts.lockout import SignInGuardDep
from app.accounts.passwords import Weak
from app.db import SessionDep
from app.errors import Conflict, InvalidInput
from app.privacy import service as privacy
from app.web.i18n import LANGS, N_, _, use_language
from app.web.posted import Posted, posted
from app.web.security import SignedIn, check_csrf, end_session, load_user
from app.web.sessions import remember_language, session_id
from app.web.templating import flash, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)
WEAK = {
    Weak.short: N_("The password needs at least 10 characters."),
    Weak.trivial: N_("This password is too easy to guess: it repeats or runs through characters."),
    Weak.common: N_("This password is among the most common ones. Choose another."),
    Weak.personal: N_("The password may not be made of your e-mail or your name."),
}


def _page(
    request: Request,
    session: SessionDep,
    user: SignedIn,
    status: int = 200,
    error: str = "",
    errors: dict[str, str] | None = None,
) -> Response:
    org = accounts.get_organisation(session, user.organisation_id or 0)
    context = {
        "account": user,
        "organisation": org,
        "error": error,
        "errors": errors or {},
        "sessions": sessions.count(session, user),
        "languages": LANGS,
    }
    return render(request, "account/account.html", context, status_code=status)


@router.get("/conta")
def account(request: Request, session: SessionDep, user: SignedIn) -> Response:
    return _page(request, session, user)


@router.post("/conta/senha")
def change_password(
    request: Request,
    session: SessionDep,
    user: SignedIn,
    guard: SignInGuardDep,
    form: Annotated[Posted, posted(current_password=200, new_password=200)],
) -> Response:
    current, new, keep = form["current_password"], form["new_password"], session_id(request)
    try:
        # A password check: wrong guesses spend the same budget as failed sign-ins.
        with guard.attempt(user.email, failures=(credentials.WrongPassword,)):
            credentials.change_password(session, user, current, new, keep)
    except credentials.WrongPassword:
        wrong = {"current_password": _("Wrong password. Nothing was changed.")}
        return _page(request, session, user, 400, errors=wrong)
    except InvalidInput as exc:
        session.rollback()
        weak = {"new_password": _(WEAK.get(Weak(exc.message), WEAK[Weak.common]))}
        return _page(request, session, user, 422, errors=weak)
    flash(request, N_("Password changed. Every other device was signed out."))
    return RedirectResponse("/conta", status_code=303)


@router.post("/conta/idioma")
def set_language(
    request: Request,
    session: SessionDep,
    user: SignedIn,
    language: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    if language not in LANGS:
        wrong = {"language": _("Choose one of the languages listed.")}
        return _page(request, session, user, 422, errors=wrong)
    credentials.set_language(session, user, language)
    remember_language(request, language)
    flash(request, N_("Language saved."))
    return RedirectResponse("/conta", status_code=303)


@router.post("/conta/sair-de-todos")
def sign_out_everywhere(request: Request, session: SessionDep, user: SignedIn) -> Response:
    credentials.sign_out_everywhere(session, user)
    end_session(request, session)
    flash(request, N_("You were signed out on every device."))
    return RedirectResponse("/entrar", status_code=303)


@router.get("/conta/meus-dados.json")
def my_data(session: SessionDep, user: SignedIn) -> Response:
    """The same document as GET /api/v1/me/export (the API ignores the browser session)."""
    export = privacy.export_data(session, user)
    return Response(
        export.model_dump_json(indent=2),
        media_type="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="partilha-meus-dados.json"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/conta/excluir")
def delete_account(
    request: Request,
    session: SessionDep,
    user: SignedIn,
    guard: SignInGuardDep,
    password: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    user = session.merge(user)  # loaded read-only by load_user; written here
    try:
        # A password check: wrong guesses spend the same budget as failed sign-ins.
        with guard.attempt(user.email, failures=(privacy.WrongPassword,)):
            privacy.delete_account(session, user, password)
    except privacy.WrongPassword:
        session.rollback()
        return _page(request, session, user, 400, _("Wrong password. Nothing was changed."))
    except Conflict:
        session.rollback()
        message = _("You are the last administrator: make another administrator first.")
        return _page(request, session, user, 409, message)
    end_session(request, session)
    flash(request, N_("Your account was deleted."))
    return RedirectResponse("/", status_code=303)
