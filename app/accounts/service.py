"""Use cases for accounts: organisations, users, sign-in, API keys."""

import hmac
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from app.accounts import repository as repo
from app.accounts import scopes as key_scopes
from app.accounts import security
from app.accounts.models import (
    DEMO_DOMAIN,
    ApiKey,
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyPublic,
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
    if not ok or user is None or not user.is_active or not user.email_verified:
        raise Unauthorized("e-mail ou senha incorretos")
    if refused_demo(user):
        raise Unauthorized("e-mail ou senha incorretos")
    return user


def refused_demo(user: User) -> bool:
    """Demo accounts (public passwords, `partilha demo load`) sign in only in dev, which
    listens on loopback alone (app.config): a database that held the demo never opens them
    to the world."""
    return user.email.endswith("@" + DEMO_DOMAIN) and get_settings().env != "dev"


def sign_in(session: Session, email: str, password: str) -> Token:
    """Exchange e-mail and password for a bearer token."""
    return token_for(authenticate(session, email, password))


def token_for(user: User) -> Token:
    """A bearer token for the user, valid until it expires or their credential epoch moves."""
    settings = get_settings()
    token = security.create_token(
        user.id or 0, settings.secret_key, settings.token_ttl_minutes, user.credential_epoch
    )
    return Token(access_token=token, expires_in=settings.token_ttl_minutes * 60)


# A key's last use is written at most this often: not a write on every request.
KEY_USE_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class Caller:
    """Who a bearer token or API key speaks for, and the key when it was one."""

    user: User
    key: ApiKey | None = None


def authenticate_token(session: Session, token: str) -> Caller | None:
    """Resolve a bearer token or an API key to an active user (a revoked key, or one whose
    owner was deactivated or deleted, is refused on its next request)."""
    prefix = security.api_key_prefix(token)
    if prefix is None:
        decoded = security.decode_token(token, get_settings().secret_key)
        user = repo.get_user(session, decoded[0]) if decoded is not None else None
        if user is None or not user.is_active or decoded is None:
            return None
        # A password change, deactivation or "sign out everywhere" moved the epoch on.
        return Caller(user) if decoded[1] == user.credential_epoch else None
    key = repo.get_api_key_by_prefix(session, prefix)
    if key is None or key.revoked_at is not None:
        return None
    if not hmac.compare_digest(key.key_hash, security.hash_api_key(token)):
        return None
    user = repo.get_user(session, key.user_id)
    if user is None or not user.is_active:
        return None
    _note_use(session, key)
    return Caller(user, key)


def _note_use(session: Session, key: ApiKey) -> None:
    now = utcnow()
    if key.last_used_at is not None and now - key.last_used_at < KEY_USE_RESOLUTION:
        return
    try:
        repo.note_api_key_use(session, key.id or 0, now, now - KEY_USE_RESOLUTION)
        session.commit()
    except OperationalError:
        # Bookkeeping only: a busy database must not fail the request the key makes.
        session.rollback()


def create_api_key(session: Session, user: User, data: ApiKeyCreate) -> ApiKeyCreated:
    """Issue an API key for the user's partner system, never wider than the user's role (by
    default as wide); the key is shown only now."""
    allowed = key_scopes.role_scopes(user.role)
    if data.scopes is not None and not set(data.scopes) <= set(allowed):
        names = " ".join(allowed)
        raise InvalidInput.field(["body", "scopes"], f"a {user.role} may grant only: {names}")
    key, prefix, key_hash = security.new_api_key()
    row = ApiKey(
        user_id=user.id or 0,
        name=data.name.strip(),
        prefix=prefix,
        key_hash=key_hash,
        scopes=key_scopes.stored(data.scopes or allowed),
    )
    session.add(row)
    session.commit()
    return ApiKeyCreated(key=key, **ApiKeyPublic.model_validate(row).model_dump())


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
