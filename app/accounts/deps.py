"""Authentication dependencies shared by every router, and the one home of the API-key rule:
a request authenticated by a key must need no more than the scope the key holds."""

from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.security import OAuth2PasswordBearer

from app.accounts import scopes, service
from app.accounts.models import Role, Scope, User, is_staff
from app.db import SessionDep
from app.errors import Forbidden, Unauthorized

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The curation API: claim and decide on any kind. Its routes take any signed-in user because
# each kind names its deciders and the engine checks the role; a key still needs `curate`.
CURATION_PATH = "/api/v1/curation/"


def optional_user(
    request: Request, session: SessionDep, token: Annotated[str | None, Depends(oauth2)]
) -> User | None:
    token = token or request.headers.get("X-API-Key")
    if not token:
        # The web UI keeps a signed session; it sets request.state.user before routes run.
        return getattr(request.state, "user", None)
    caller = service.authenticate_token(session, token)
    if caller is None:
        raise Unauthorized("token inválido ou expirado")
    if caller.key is not None:
        request.state.api_key_id = caller.key.id
        needed = scope_needed(request)
        held = scopes.held(caller.key.scopes, caller.user.role)
        if scopes.level(needed) > scopes.level(held):
            raise Forbidden(f"this API key lacks the {needed} scope (it holds up to {held})")
    return caller.user


def scope_needed(request: Request) -> Scope:
    """A write needs `submit`; a route for curators or under the curation API needs
    `curate`, one for admins `admin`, whatever the method."""
    by_method = Scope.read if request.method in SAFE_METHODS else Scope.submit
    route = request.scope.get("route")
    by_route = _route_scope(route) if isinstance(route, APIRoute) else Scope.read
    return scopes.widest([by_method, by_route])


def _route_scope(route: APIRoute) -> Scope:
    # Walked on each key-authenticated request: a route's dependencies are a few dozen nodes.
    calls = list(_calls(route.dependant))
    if any(call is admin_user for call in calls):
        return Scope.admin
    if any(call is curator_user for call in calls) or route.path_format.startswith(CURATION_PATH):
        return Scope.curate
    return Scope.read


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any] | None]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _calls(sub)


def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise Unauthorized("autenticação necessária")
    return user


def password_user(request: Request, user: Annotated[User, Depends(current_user)]) -> User:
    """Signed in with a password (bearer token or browser session), not with an API key: a
    key never mints keys, so revoking one leaves nothing it made behind."""
    if getattr(request.state, "api_key_id", None) is not None:
        raise Forbidden("API keys are created by signing in with a password, not with a key")
    return user


def curator_user(user: Annotated[User, Depends(current_user)]) -> User:
    if not is_staff(user):
        raise Forbidden("esta ação é reservada à curadoria")
    return user


def admin_user(user: Annotated[User, Depends(current_user)]) -> User:
    if user.role != Role.admin:
        raise Forbidden("esta ação é reservada a administradores")
    return user


OptionalUser = Annotated[User | None, Depends(optional_user)]
CurrentUser = Annotated[User, Depends(current_user)]
PasswordUser = Annotated[User, Depends(password_user)]
CuratorUser = Annotated[User, Depends(curator_user)]
AdminUser = Annotated[User, Depends(admin_user)]
