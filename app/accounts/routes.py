"""Accounts API: sign-in, the current user, API keys, organisations and users (admin)."""

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm
from sqlmodel import Session

from app.accounts import repository as repo
from app.accounts import service
from app.accounts.deps import AdminUser, CurrentUser, PasswordUser
from app.accounts.limits import API_KEY_LIMIT
from app.accounts.lockout import SignInGuardDep
from app.accounts.models import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyPublic,
    OrganisationCreate,
    OrganisationPublic,
    Token,
    User,
    UserCreate,
    UserPublic,
)
from app.core.paging import WindowDep
from app.db import DbId, SessionDep

router = APIRouter(prefix="/api/v1", tags=["accounts"])


def user_public(session: Session, user: User) -> UserPublic:
    org = repo.get_organisation(session, user.organisation_id) if user.organisation_id else None
    return UserPublic(
        id=user.id or 0,
        email=user.email,
        name=user.name,
        role=user.role,
        organisation=OrganisationPublic.model_validate(org) if org else None,
        scope_uf=user.scope_uf,
        scope_ibge=user.scope_ibge,
        is_active=user.is_active,
        language=user.language,
    )


@router.post("/auth/token", response_model=Token)
def issue_token(
    session: SessionDep,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    guard: SignInGuardDep,
) -> Token:
    with guard.attempt(form.username):
        return service.sign_in(session, form.username, form.password)


@router.get("/me", response_model=UserPublic)
def me(session: SessionDep, user: CurrentUser) -> UserPublic:
    return user_public(session, user)


@router.get("/api-keys", response_model=list[ApiKeyPublic])
def list_keys(session: SessionDep, user: CurrentUser, window: WindowDep) -> list[ApiKeyPublic]:
    """Your API keys, revoked ones included, oldest first."""
    keys = repo.list_api_keys(session, user.id or 0, window.limit, window.offset)
    return [ApiKeyPublic.model_validate(k) for k in keys]


@router.post(
    "/api-keys", response_model=ApiKeyCreated, status_code=201, dependencies=[API_KEY_LIMIT]
)
def create_key(session: SessionDep, user: PasswordUser, body: ApiKeyCreate) -> ApiKeyCreated:
    """A key for a partner system (signed in with a password, not with a key); `scopes`
    default to everything your role allows and may not exceed it."""
    return service.create_api_key(session, user, body)


@router.delete("/api-keys/{key_id}", response_model=ApiKeyPublic)
def revoke_key(session: SessionDep, user: CurrentUser, key_id: DbId) -> ApiKeyPublic:
    return ApiKeyPublic.model_validate(service.revoke_api_key(session, user, key_id))


@router.post("/organisations", response_model=OrganisationPublic, status_code=201)
def create_org(session: SessionDep, _: AdminUser, body: OrganisationCreate) -> OrganisationPublic:
    return OrganisationPublic.model_validate(service.create_organisation(session, body))


@router.post("/users", response_model=UserPublic, status_code=201)
def create_user(session: SessionDep, _: AdminUser, body: UserCreate) -> UserPublic:
    return user_public(session, service.create_user(session, body))
