"""Forgot password pages: ask for a link from the sign-in page, then choose the new password
with it. The same services and limits as POST /api/v1/auth/password-reset[/confirm]."""

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.accounts import resets
from app.accounts.passwords import Weak
from app.db import SessionDep
from app.errors import InvalidInput
from app.ratelimits.deps import LimiterDep, client_ip
from app.web.account.my_account import WEAK
from app.web.i18n import N_, _, current_lang, use_language
from app.web.security import check_csrf, load_user
from app.web.templating import flash, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)
ASK = "/senha/esqueci"


@router.get(ASK)
def ask_page(request: Request) -> Response:
    return render(request, "account/reset_ask.html", {"email": "", "errors": {}})


@router.post(ASK)
def ask(
    request: Request,
    session: SessionDep,
    limiter: LimiterDep,
    after: BackgroundTasks,
    email: Annotated[str, Form(max_length=254)] = "",
) -> Response:
    email = email.strip()
    if "@" not in email:
        errors = {"email": _("Write the e-mail of your account.")}
        context = {"email": email, "errors": errors}
        return render(request, "account/reset_ask.html", context, status_code=422)
    resets.limit(limiter, session, client_ip(request), email)  # 429 page when used up
    after.add_task(resets.request_reset_after, email, current_lang())  # after the answer
    return render(request, "account/reset_ask.html", {"email": email, "sent": True})


@router.get(resets.PAGE)
def choose_page(request: Request, t: str = "") -> Response:
    return render(request, "account/reset_choose.html", {"token": t[:200], "errors": {}})


@router.post(resets.PAGE)
def choose(
    request: Request,
    session: SessionDep,
    token: Annotated[str, Form(max_length=200)] = "",
    new_password: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        resets.reset_password(session, token, new_password)
    except InvalidInput as exc:
        session.rollback()
        field = str(exc.errors[0]["loc"][-1]) if exc.errors else "token"
        if field == "new_password":
            message = _(WEAK.get(Weak(exc.message), WEAK[Weak.common]))
        else:
            message = _("This link no longer works: it was used already or it expired.")
        context = {"token": token, "errors": {field: message}}
        return render(request, "account/reset_choose.html", context, status_code=422)
    flash(request, N_("Password changed. Sign in with the new one."))
    return RedirectResponse("/entrar", status_code=303)
