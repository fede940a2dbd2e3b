"""Authentication dependencies shared by every router."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from app.accounts import service
from app.accounts.models import Role, User, is_staff
from app.db import SessionDep
from app.errors import Forbidden, Unauthorized

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def optional_user(
    request: Request, session: SessionDep, token: Annotated[str | None, Depends(oauth2)]
) -> User | None:
    token = token or request.headers.get("X-API-Key")
    if not token:
        # The web UI keeps a signed session; it sets request.state.user before routes run.
        return getattr(request.state, "user", None)
    user = service.authenticate_token(session, token)
    if user is None:
        raise Unauthorized("token inválido ou expirado")
    return user


def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise Unauthorized("autenticação necessária")
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
CuratorUser = Annotated[User, Depends(curator_user)]
AdminUser = Annotated[User, Depends(admin_user)]
