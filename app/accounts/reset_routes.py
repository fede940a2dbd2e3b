"""Accounts API, forgot password: ask for a link by mail, then use it."""

from fastapi import APIRouter, BackgroundTasks, Request, Response
from pydantic import BaseModel

from app.accounts import resets
from app.accounts.models import PasswordResetConfirm, PasswordResetRequest
from app.db import SessionDep
from app.ratelimits.deps import LimiterDep, client_ip

router = APIRouter(prefix="/api/v1/auth", tags=["accounts"])


class ResetAsked(BaseModel):
    detail: str


ASKED = (
    "if an active account has this e-mail, a link to choose a new password was sent to it; "
    "it works once, within the hour"
)


@router.post("/password-reset", response_model=ResetAsked, status_code=202)
def ask_password_reset(
    request: Request,
    session: SessionDep,
    limiter: LimiterDep,
    body: PasswordResetRequest,
    after: BackgroundTasks,
) -> ResetAsked:
    """Mail a single-use link, valid for an hour, to the owner of `email`. The answer is the
    same whether or not the address has an account. Limited per client address and per
    e-mail (429 with Retry-After)."""
    resets.limit(limiter, session, client_ip(request), body.email)
    after.add_task(resets.request_reset_after, body.email)  # the same answer time for all
    return ResetAsked(detail=ASKED)


@router.post("/password-reset/confirm", status_code=204)
def confirm_password_reset(session: SessionDep, body: PasswordResetConfirm) -> Response:
    """Set a new password with the link's `token` (422 naming `token` when used, expired or
    unknown; naming `new_password` when too weak). Every session and bearer token of the
    account ends: sign in again with the new password."""
    resets.reset_password(session, body.token, body.new_password)
    return Response(status_code=204)
