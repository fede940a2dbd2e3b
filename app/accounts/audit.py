"""The accounts' audit (security_event): what admins read at GET /api/v1/admin/security-events,
and the one place that hears when an address is throttled for guessing a password."""

from sqlmodel import Session

from app.accounts.models import SecurityEvent, SecurityEventKind, User
from app.mail import service as mail
from app.ratelimits.rules import Rule

RESET_PAGE = "/senha/esqueci"  # where the owner asks for a new password (app.web.account)


def record(
    session: Session,
    kind: SecurityEventKind,
    user: User | None,
    actor: User | None = None,
    address: str | None = None,
    detail: str = "",
) -> SecurityEvent:
    """Add one row to the audit; the use case that calls it commits."""
    event = SecurityEvent(
        kind=kind,
        user_id=user.id if user else None,
        actor_id=actor.id if actor else None,
        address=address,
        detail=detail[:300],
    )
    session.add(event)
    return event


def address_throttled(session: Session, owner: User, address: str, rule: Rule) -> None:
    """`address` has just used up its failed sign-ins for `owner`'s account (`rule`: from
    that address, or from addresses the owner never used) and is refused until the window
    ends; the owner's own addresses are not. Written once per window: a row in the audit and
    a message to the owner (about their own account: no unsubscribe), in the same commit."""
    mail.enqueue(
        session,
        to=owner.email,
        template="sign_in_throttled",
        context={"name": owner.name, "address": address, "reset_url": mail.link(RESET_PAGE)},
        language=owner.language,
        about_own_account=True,
    )
    record(
        session,
        SecurityEventKind.sign_in_throttled,
        owner,
        address=address,
        detail=f"sign-ins refused from {address}: {rule.counted}",
    )
    session.commit()
