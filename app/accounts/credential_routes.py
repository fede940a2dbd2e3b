"""Accounts API, credentials: one's own password, language and sessions; admins deactivate,
reactivate and change the role of accounts and read the accounts' audit."""

from typing import Annotated

from fastapi import APIRouter, Response

from app.accounts import credentials, service
from app.accounts import repository as repo
from app.accounts.deps import AdminUser, CurrentUser, PasswordUser
from app.accounts.lockout import SignInGuardDep
from app.accounts.models import (
    LanguageChoice,
    PasswordChange,
    SecurityEventPage,
    SecurityEventPublic,
    Token,
    UserAdminUpdate,
    UserPublic,
)
from app.accounts.routes import user_public
from app.core.paging import Pages, WindowDep, pages
from app.db import DbId, SessionDep

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.post("/me/password", response_model=Token)
def change_password(
    session: SessionDep, user: PasswordUser, body: PasswordChange, guard: SignInGuardDep
) -> Token:
    """Change your password (common and trivial ones are refused, 422 naming
    `new_password`). Every browser session and bearer token you had ends, this one included:
    the answer is a new token."""
    with guard.attempt(user.email, failures=(credentials.WrongPassword,)):
        changed = credentials.change_password(
            session, user, body.current_password, body.new_password, keep_session=None
        )
    return service.token_for(changed)


@router.post("/me/sign-out-everywhere", status_code=204)
def sign_out_everywhere(session: SessionDep, user: PasswordUser) -> Response:
    """End every browser session and bearer token of yours (API keys stay: revoke them one
    by one)."""
    credentials.sign_out_everywhere(session, user)
    return Response(status_code=204)


@router.put("/me/language", response_model=UserPublic)
def set_language(session: SessionDep, user: CurrentUser, body: LanguageChoice) -> UserPublic:
    """The language you read the site and your mail in: pt-BR, es, en or fr."""
    return user_public(session, credentials.set_language(session, user, body.language))


@router.get("/users", response_model=list[UserPublic])
def list_users(session: SessionDep, _: AdminUser, window: WindowDep) -> list[UserPublic]:
    """Accounts, oldest first, deactivated ones included (admins)."""
    users, _total = repo.list_users(session, window.limit, window.offset)
    return [user_public(session, u) for u in users]


@router.patch("/users/{user_id}", response_model=UserPublic)
def update_user(
    session: SessionDep, admin: AdminUser, user_id: DbId, body: UserAdminUpdate
) -> UserPublic:
    """Deactivate (`is_active: false`), reactivate or change the role of an account
    (admins). Effective on its next request: its sessions, tokens and API keys stop, or act
    with the new role; the last active admin cannot be removed (409)."""
    return user_public(session, credentials.admin_update(session, admin, user_id, body))


@router.get("/admin/security-events", response_model=SecurityEventPage)
def security_events(
    session: SessionDep,
    _: AdminUser,
    paging: Annotated[Pages, pages(50, 200)],
    user_id: DbId | None = None,
) -> SecurityEventPage:
    """The accounts' audit, newest first (admins): addresses throttled for guessing a
    password, password changes, sessions ended, deactivations and role changes."""
    rows, total = repo.security_events(session, user_id, paging.per_page, paging.offset)
    return SecurityEventPage(
        items=[SecurityEventPublic.model_validate(r) for r in rows], total=total
    )
