"""Asking to join (/participar): a person opens an account that waits, confirms their e-mail by
a mailed link, and the organisation's members (or an admin, for a new organisation or one
without members) approve or refuse; the person hears by mail either way.

The account is inactive and unverified until then: it cannot sign in, so it submits nothing
before its e-mail is confirmed and someone vouched for it."""

import secrets

from pydantic import EmailStr
from sqlmodel import Field, Session, SQLModel

from app.accounts import passwords, security
from app.accounts import repository as repo
from app.accounts.models import JoinRequest, JoinStatus, Organisation, Role, User
from app.accounts.sessions import id_hash
from app.catalog.loader import get_catalog
from app.db import utcnow
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.mail import service as mail

CONFIRM_PAGE = "/participar/confirmar"
REQUESTS_PAGE = "/participar/pedidos"


class JoinAsk(SQLModel):
    name: str = Field(min_length=1, max_length=200)
    email: EmailStr
    password: str = Field(max_length=200)
    organisation_id: int | None = None  # an existing organisation, or:
    new_organisation: str | None = Field(default=None, max_length=200)
    new_organisation_type: str | None = Field(default=None, max_length=50)
    message: str = Field(default="", max_length=2000)


def _field(name: str, message: str, kind: str = "invalid") -> InvalidInput:
    return InvalidInput.field(["body", name], message, kind)


def _organisation(session: Session, data: JoinAsk) -> tuple[Organisation | None, str | None]:
    if data.organisation_id is not None:
        org = repo.get_organisation(session, data.organisation_id)
        if org is None:
            raise _field("organisation_id", "unknown organisation", "unknown")
        return org, None
    name = (data.new_organisation or "").strip()
    if not name:
        raise _field("organisation_id", "choose an organisation or name a new one", "missing")
    if repo.get_organisation_by_name(session, name):
        raise _field("new_organisation", "this organisation exists: choose it", "exists")
    if data.new_organisation_type not in get_catalog().taxonomies.slugs("organisation_types"):
        raise _field("new_organisation_type", "choose the organisation's type", "missing")
    return None, name


def ask(session: Session, data: JoinAsk, language: str | None) -> JoinRequest:
    """Open the waiting account and the request, and mail the confirmation link."""
    org, new_name = _organisation(session, data)
    reason = passwords.problem(data.password, data.email, data.name)
    if reason:
        raise _field("password", str(reason), "weak_password")
    if repo.get_user_by_email(session, data.email):
        raise _field("email", "an account has this e-mail: sign in or reset its password", "taken")
    user = User(
        email=str(data.email).strip().lower(),
        name=data.name.strip(),
        password_hash=security.hash_password(data.password),
        role=Role.contributor,
        organisation_id=org.id if org else None,
        is_active=False,
        email_verified=False,
        language=language,
    )
    session.add(user)
    session.flush()
    token = secrets.token_urlsafe(32)
    request = JoinRequest(
        user_id=user.id or 0,
        organisation_id=org.id if org else None,
        new_organisation=new_name,
        new_organisation_type=data.new_organisation_type if new_name else None,
        message=data.message.strip(),
        status=JoinStatus.unconfirmed,
        token_hash=id_hash(token),
    )
    session.add(request)
    context = {
        "name": user.name,
        "organisation": org.name if org else new_name,
        "url": mail.link(f"{CONFIRM_PAGE}?t={token}"),
    }
    mail.enqueue(
        session,
        to=user.email,
        template="join_confirm",
        context=context,
        language=language,
        about_own_account=True,
    )
    session.commit()
    return request


def confirm(session: Session, token: str) -> JoinRequest:
    """The person opened the mailed link: their e-mail is confirmed and the request goes to
    those who decide (each gets a message); 422 naming `token` for a used or unknown link."""
    request = repo.join_request_by_token(session, id_hash(token))
    if request is None or request.status != JoinStatus.unconfirmed:
        raise _field("token", "this link is not valid or was used already", "invalid_token")
    user = repo.get_user(session, request.user_id)
    assert user is not None
    user.email_verified = True
    request.status = JoinStatus.pending
    session.add_all([user, request])
    approvers = repo.join_approvers(session, request.organisation_id)
    if not approvers:  # an organisation without active members: the admins decide
        approvers = repo.join_approvers(session, None)
    context = {
        "person": user.name,
        "organisation": organisation_name(session, request),
        "message": request.message,
        "url": mail.link(REQUESTS_PAGE),
    }
    for approver in approvers:
        mail.enqueue(
            session,
            to=approver.email,
            template="join_requested",
            context={**context, "name": approver.name},
            language=approver.language,
            topic="join_requests",
        )
    session.commit()
    return request


def organisation_name(session: Session, request: JoinRequest) -> str:
    org = repo.get_organisation(session, request.organisation_id or 0)
    return org.name if org else request.new_organisation or ""


def may_decide(user: User, request: JoinRequest) -> bool:
    """Admins decide every request; an organisation's members decide those to join it (a new
    organisation is the admins')."""
    if user.role == Role.admin:
        return True
    return request.organisation_id is not None and user.organisation_id == request.organisation_id


def pending(session: Session, user: User) -> list[tuple[JoinRequest, User, str]]:
    """The waiting requests this person may decide, with who asks and for which organisation."""
    if user.role == Role.admin:
        rows = repo.pending_join_requests(session, None)
    elif user.organisation_id is not None:
        rows = repo.pending_join_requests(session, user.organisation_id)
    else:
        rows = []
    found = []
    for row in rows:
        person = repo.get_user(session, row.user_id)
        if person is not None:
            found.append((row, person, organisation_name(session, row)))
    return found


def decide(session: Session, decider: User, request_id: int, approve: bool) -> JoinRequest:
    """Approve (the account opens, in the organisation, created first when new) or refuse;
    the person hears by mail. 404 unknown, 403 not theirs to decide, 409 decided already."""
    request = repo.join_request(session, request_id)
    if request is None:
        raise NotFound(f"join request {request_id} not found")
    if not may_decide(decider, request):
        raise Forbidden("only the organisation's members or an admin decide this request")
    if request.status != JoinStatus.pending:
        raise Conflict("this request was decided already or its e-mail is not confirmed")
    user = repo.get_user(session, request.user_id)
    assert user is not None
    name = organisation_name(session, request)
    if approve:
        if request.organisation_id is None:
            if repo.get_organisation_by_name(session, name):
                raise Conflict(f"an organisation named {name!r} exists already")
            org = Organisation(name=name, type=request.new_organisation_type or "")
            session.add(org)
            session.flush()
            request.organisation_id = org.id
        user.organisation_id = request.organisation_id
        user.is_active = True
    request.status = JoinStatus.approved if approve else JoinStatus.refused
    request.decided_by, request.decided_at = decider.id, utcnow()
    session.add_all([user, request])
    mail.enqueue(
        session,
        to=user.email,
        template="join_approved" if approve else "join_refused",
        context={"name": user.name, "organisation": name, "url": mail.link("/entrar")},
        language=user.language,
        about_own_account=True,
    )
    session.commit()
    return request
