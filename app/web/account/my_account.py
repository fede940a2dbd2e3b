"""The account page: what Partilha holds about me (download), and deleting my account."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.accounts import repository as accounts
from app.db import SessionDep
from app.errors import Conflict
from app.privacy import service as privacy
from app.ratelimits.deps import SignInGuardDep
from app.web.i18n import N_, _, use_language
from app.web.security import SignedIn, check_csrf, end_session, load_user
from app.web.templating import flash, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)


def _page(
    request: Request, session: SessionDep, user: SignedIn, status: int = 200, error: str = ""
) -> Response:
    org = accounts.get_organisation(session, user.organisation_id or 0)
    context = {"account": user, "organisation": org, "error": error}
    return render(request, "account/account.html", context, status_code=status)


@router.get("/conta")
def account(request: Request, session: SessionDep, user: SignedIn) -> Response:
    return _page(request, session, user)


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
    end_session(request)
    flash(request, N_("Your account was deleted."))
    return RedirectResponse("/", status_code=303)
