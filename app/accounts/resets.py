"""Forgot password: a single-use link by mail, valid for an hour.

Asking answers the same, in the same time, whether or not an account has the address: the
routes answer once the limits are counted and do the rest after the answer is sent
(`request_reset_after`), and both paths of that rest look the address up, draw and hash a
token and render the message; only an active account's owner gets the message. Only the
token's sha256 is stored, so the table never holds a usable link. Using a link sets the new
password through `credentials.set_password` (every session and bearer token of the account
ends) and spends every other open link."""

import hashlib
import logging
import secrets
from datetime import timedelta

from sqlmodel import Session

from app.accounts import credentials
from app.accounts import repository as repo
from app.accounts.models import PasswordReset, User
from app.db import new_session, utcnow
from app.errors import InvalidInput
from app.mail import compose
from app.mail import service as mail
from app.ratelimits.rules import Rule
from app.ratelimits.service import Limiter

log = logging.getLogger(__name__)
VALID_FOR = timedelta(hours=1)
TEMPLATE = "password_reset"
PAGE = "/senha/nova"  # the web page a link opens (app.web.account.password_reset)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _active(user: User | None) -> bool:
    return user is not None and user.is_active and user.deleted_at is None


def request_reset(session: Session, email: str, language: str | None = None) -> None:
    """Mail the owner of `email`, if an active account has it, a link to choose a new
    password (in the owner's language, else `language`); nothing says which happened."""
    user = repo.get_user_by_email(session, email)
    token = secrets.token_urlsafe(32)
    now = utcnow()
    context = {
        "name": user.name if user else "",
        "url": mail.link(f"{PAGE}?t={token}"),
        "minutes": int(VALID_FOR.total_seconds() // 60),
    }
    row = PasswordReset(
        token_hash=_hash(token), user_id=(user.id or 0) if user else 0, expires_at=now + VALID_FOR
    )
    if user is None or not _active(user):
        # The same work as for an owner: the message is composed, then dropped.
        compose.RENDERER.get()(TEMPLATE, context, compose.language_or_default(language))
        session.rollback()
        return
    session.add(row)
    mail.enqueue(
        session,
        to=user.email,
        template=TEMPLATE,
        context=context,
        language=user.language or language,
        about_own_account=True,
    )
    session.commit()


def request_reset_after(email: str, language: str | None = None) -> None:
    """`request_reset` in its own session, run after the answer was sent (a background task:
    writing the link and the message never shows in the answer's timing)."""
    try:
        with new_session() as session:
            request_reset(session, email, language)
    except Exception:  # the answer is gone: log it; the person can ask again
        log.exception("password reset request not written")


def reset_password(session: Session, token: str, new_password: str) -> User:
    """Set the password of the link's account (weak ones: 422 naming `new_password`, and the
    link stays usable); a used, expired or unknown link: 422 naming `token`."""
    now = utcnow()
    row = repo.password_reset(session, _hash(token))
    user = repo.get_user(session, row.user_id) if row else None
    if row is None or row.used_at is not None or row.expires_at <= now or not _active(user):
        raise InvalidInput.field(
            ["body", "token"],
            "this link is not valid: it was used already, it expired or it never existed",
            "invalid_token",
        )
    assert user is not None
    user = credentials.set_password(session, user, new_password)
    repo.spend_password_resets(session, user.id or 0, now)
    session.commit()
    return user


def limit(limiter: Limiter, session: Session, ip: str, email: str) -> None:
    """429 once the address or the e-mail asked too often (unknown e-mails count the same)."""
    limiter.hit(session, Rule.PASSWORD_RESET_IP, ip)
    limiter.hit(session, Rule.PASSWORD_RESET_EMAIL, limiter.email_key(email))
