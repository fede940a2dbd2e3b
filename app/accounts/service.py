"""Use cases for accounts: organisations, users, sign-in, API keys."""

import hmac

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.accounts import repository as repo
from app.accounts import security
from app.accounts.models import (
    ApiKey,
    ApiKeyCreated,
    Organisation,
    OrganisationCreate,
    Role,
    Token,
    User,
    UserCreate,
)
from app.accounts.places import places
from app.catalog.loader import get_catalog
from app.config import get_settings
from app.db import utcnow
from app.errors import Conflict, InvalidInput, NotFound, Unauthorized


def create_organisation(session: Session, data: OrganisationCreate) -> Organisation:
    """Register an organisation with a type from the taxonomy."""
    if data.type not in get_catalog().taxonomies.slugs("organisation_types"):
        raise InvalidInput.field(["body", "type"], f"unknown organisation type {data.type!r}")
    if data.uf and data.uf.upper() not in places().all_ufs(session):
        raise InvalidInput.field(["body", "uf"], f"unknown UF {data.uf!r}")
    if repo.get_organisation_by_name(session, data.name):
        raise Conflict(f"an organisation named {data.name!r} already exists")
    org = Organisation(
        name=data.name.strip(), type=data.type, uf=data.uf.upper() if data.uf else None
    )
    session.add(org)
    session.commit()
    return org


def _scope(session: Session, role: str, scope: str | None) -> tuple[str | None, int | None]:
    if role != Role.gov_editor:
        if scope:
            raise InvalidInput.field(["body", "scope"], "only a gov_editor has a scope")
        return None, None
    if not scope:
        raise InvalidInput.field(["body", "scope"], "a gov_editor needs a UF or an IBGE code")
    if scope.isdigit():
        if not places().existing_codes(session, [int(scope)]):
            raise InvalidInput.field(["body", "scope"], f"unknown IBGE code {scope}")
        return None, int(scope)
    if scope.upper() not in places().all_ufs(session):
        raise InvalidInput.field(["body", "scope"], f"unknown UF {scope!r}")
    return scope.upper(), None


def create_user(session: Session, data: UserCreate) -> User:
    """Create an account; contributors belong to exactly one organisation."""
    org_id = None
    if data.organisation:
        org = repo.get_organisation_by_name(session, data.organisation)
        if org is None:
            raise InvalidInput.field(
                ["body", "organisation"], f"unknown organisation {data.organisation!r}"
            )
        org_id = org.id
    if data.role == Role.contributor and org_id is None:
        raise InvalidInput.field(["body", "organisation"], "a contributor needs an organisation")
    scope_uf, scope_ibge = _scope(session, data.role, data.scope)
    if repo.get_user_by_email(session, data.email):
        raise Conflict(f"a user with e-mail {data.email} already exists")
    user = User(
        email=data.email,
        name=data.name.strip(),
        password_hash=security.hash_password(data.password),
        role=data.role,
        organisation_id=org_id,
        scope_uf=scope_uf,
        scope_ibge=scope_ibge,
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise Conflict(f"a user with e-mail {data.email} already exists") from exc
    return user


def authenticate(session: Session, email: str, password: str) -> User:
    """Check e-mail and password; the same error whether the e-mail exists or not."""
    user = repo.get_user_by_email(session, email)
    ok = security.verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        raise Unauthorized("e-mail ou senha incorretos")
    return user


def sign_in(session: Session, email: str, password: str) -> Token:
    """Exchange e-mail and password for a bearer token."""
    user = authenticate(session, email, password)
    settings = get_settings()
    token = security.create_token(user.id or 0, settings.secret_key, settings.token_ttl_minutes)
    return Token(access_token=token, expires_in=settings.token_ttl_minutes * 60)


def authenticate_token(session: Session, token: str) -> User | None:
    """Resolve a bearer token or an API key to an active user."""
    prefix = security.api_key_prefix(token)
    if prefix is not None:
        key = repo.get_api_key_by_prefix(session, prefix)
        if key is None or key.revoked_at is not None:
            return None
        if not hmac.compare_digest(key.key_hash, security.hash_api_key(token)):
            return None
        user = repo.get_user(session, key.user_id)
    else:
        user_id = security.decode_token(token, get_settings().secret_key)
        user = repo.get_user(session, user_id) if user_id is not None else None
    return user if user is not None and user.is_active else None


def create_api_key(session: Session, user: User, name: str) -> ApiKeyCreated:
    """Issue an API key for the user's partner system; the key is shown only now."""
    key, prefix, key_hash = security.new_api_key()
    row = ApiKey(user_id=user.id or 0, name=name.strip(), prefix=prefix, key_hash=key_hash)
    session.add(row)
    session.commit()
    return ApiKeyCreated(key=key, **row.model_dump(exclude={"user_id", "key_hash"}))


def revoke_api_key(session: Session, user: User, key_id: int) -> ApiKey:
    """Revoke one of the user's keys (admins may revoke any)."""
    key = session.get(ApiKey, key_id)
    if key is None or (key.user_id != user.id and user.role != Role.admin):
        raise NotFound(f"API key {key_id} not found")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.add(key)
        session.commit()
    return key


# --- used by the web interface (app/web) -------------------------------------------------


def user_for_session(session: Session, user_id: int) -> User | None:
    """The active user a browser session points at, or None."""
    user = repo.get_user(session, user_id)
    return user if user is not None and user.is_active else None
