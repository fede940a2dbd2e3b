"""Use cases on who may act as a person: changing one's password, signing out everywhere,
choosing one's language; and what admins do to an account (deactivate, reactivate, change
its role). Whatever ends a person's access ends it at once for their browser sessions, their
bearer tokens (the credential epoch) and their API keys (checked against the owner on use)."""

from sqlmodel import Session

from app.accounts import audit, passwords, security
from app.accounts import repository as repo
from app.accounts.models import Role, SecurityEventKind, User, UserAdminUpdate
from app.accounts.sessions import end_sessions
from app.errors import Conflict, Forbidden, InvalidInput, NotFound

LANGUAGES = ("pt-BR", "es", "en", "fr")  # the interface's, as app.web.i18n.LANGS


class WrongPassword(Forbidden):
    title = "Senha incorreta"


def set_password(
    session: Session, user: User, new_password: str, keep_session: str | None = None
) -> User:
    """Give `user` a new password (refusing weak ones: 422 naming `new_password`), end their
    other browser sessions and void their bearer tokens. Part of a use case (change here,
    reset by e-mail): the caller commits. Returns the user as this session holds it."""
    reason = passwords.problem(new_password, user.email, user.name)
    if reason:
        raise InvalidInput.field(["body", "new_password"], str(reason), "weak_password")
    user = session.merge(user)  # pages load the user in a read-only session of their own
    user.password_hash = security.hash_password(new_password)
    end_sessions(session, user, except_session=keep_session)
    audit.record(session, SecurityEventKind.password_changed, user, actor=user)
    return user


def change_password(
    session: Session, user: User, current: str, new_password: str, keep_session: str | None
) -> User:
    """Change one's own password, confirming the current one (403 when wrong); the browser
    that asked (`keep_session`) stays signed in, every other session and token ends."""
    if not security.verify_password(user.password_hash, current):
        raise WrongPassword("the current password is wrong; nothing was changed")
    user = set_password(session, user, new_password, keep_session)
    session.commit()
    return user


def sign_out_everywhere(session: Session, user: User) -> int:
    """End every browser session of the person and void their bearer tokens (API keys are
    revoked one by one); how many sessions ended."""
    user = session.merge(user)
    ended = end_sessions(session, user)
    audit.record(session, SecurityEventKind.sessions_ended, user, actor=user, detail=str(ended))
    session.commit()
    return ended


def set_language(session: Session, user: User, language: str) -> User:
    """The language the person reads the site and their mail in."""
    if language not in LANGUAGES:
        raise InvalidInput.field(["body", "language"], f"one of {', '.join(LANGUAGES)}")
    user = session.merge(user)
    user.language = language
    session.commit()
    return user


def admin_update(session: Session, admin: User, user_id: int, data: UserAdminUpdate) -> User:
    """Deactivate, reactivate or change the role of an account, effective on its next
    request; the platform always keeps one active admin (409)."""
    user = repo.get_user(session, user_id)
    if user is None or user.deleted_at is not None:
        raise NotFound(f"user {user_id} not found")
    losing_admin = user.role == Role.admin and (
        data.is_active is False or (data.role is not None and data.role != Role.admin)
    )
    if losing_admin and user.is_active and repo.count_active_admins(session, user.id or 0) == 0:
        raise Conflict("this is the last active administrator: make another one first")
    if data.role is not None and data.role != user.role:
        _check_role(user, data.role)
        detail = f"{user.role} -> {data.role}"
        user.role = data.role
        audit.record(session, SecurityEventKind.role_changed, user, actor=admin, detail=detail)
    if data.is_active is not None and data.is_active != user.is_active:
        user.is_active = data.is_active
        if not data.is_active:
            end_sessions(session, user)
        kind = SecurityEventKind.reactivated if data.is_active else SecurityEventKind.deactivated
        audit.record(session, kind, user, actor=admin)
    session.add(user)
    session.commit()
    return user


def _check_role(user: User, role: Role) -> None:
    if role == Role.contributor and user.organisation_id is None:
        raise InvalidInput.field(["body", "role"], "a contributor needs an organisation")
    if role == Role.gov_editor and user.scope_uf is None and user.scope_ibge is None:
        raise InvalidInput.field(["body", "role"], "a gov_editor needs a UF or an IBGE code")
    if role != Role.gov_editor:
        user.scope_uf = user.scope_ibge = None
