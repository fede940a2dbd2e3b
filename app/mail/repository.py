"""Queries of the mail outbox, failing addresses and opt-outs."""

from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, or_, select

from app.core.claims import backlog as queue_backlog
from app.core.claims import claim_attempt, record_attempt
from app.db import page, utcnow, where_given
from app.mail.models import MailAddress, MailMessage, MailOptOut, MailStatus

EVERYTHING = "*"  # the opt-out topic that stops all mail not about the person's account

# --- writing and finding messages ----------------------------------------------------------


def key_taken(session: Session, dedupe_key: str) -> bool:
    query = select(MailMessage.id).where(MailMessage.dedupe_key == dedupe_key)
    return session.exec(query).first() is not None


def by_key(session: Session, key: str) -> MailMessage | None:
    """The message whose Message-ID starts with this random part (unsubscribe links)."""
    query = select(MailMessage).where(col(MailMessage.message_id).startswith(f"<{key}@"))
    return session.exec(query).first()


def count_since(session: Session, to: str, template: str, since: datetime) -> int:
    query = select(func.count()).where(
        MailMessage.to_address == to,
        MailMessage.template == template,
        col(MailMessage.created_at) >= since,
    )
    return int(session.exec(query).one())


def get(session: Session, message_id: int) -> MailMessage | None:
    return session.get(MailMessage, message_id)


def messages_page(
    session: Session, status: MailStatus | None, limit: int, offset: int
) -> tuple[list[MailMessage], int]:
    query = where_given(select(MailMessage), (MailMessage.status, status))
    return page(session, query, col(MailMessage.id).desc(), limit=limit, offset=offset)


# --- sending -------------------------------------------------------------------------------


def due(session: Session, now: datetime, limit: int) -> list[MailMessage]:
    query = (
        select(MailMessage)
        .where(MailMessage.status == MailStatus.pending, col(MailMessage.next_attempt_at) <= now)
        .order_by(col(MailMessage.next_attempt_at), col(MailMessage.id))
        .limit(limit)
    )
    return list(session.exec(query))


def claim(session: Session, message: MailMessage, until: datetime) -> bool:
    """Count the attempt and hide the message from every other worker until `until`."""
    pending = MailStatus.pending
    return claim_attempt(session, MailMessage, message.id or 0, message.attempts, pending, until)


def record(session: Session, message_id: int, values: dict[str, Any]) -> None:
    record_attempt(session, MailMessage, message_id, values)


def backlog(session: Session) -> tuple[int, datetime | None]:
    """Messages still to send, and when the oldest of them was written."""
    return queue_backlog(session, MailMessage, MailStatus.pending)


def count_failed(session: Session) -> int:
    query = select(func.count()).where(MailMessage.status == MailStatus.failed)
    return int(session.exec(query).one())


# --- addresses -----------------------------------------------------------------------------


def address(session: Session, to: str) -> MailAddress | None:
    return session.get(MailAddress, to)


def is_failing(session: Session, to: str) -> bool:
    found = session.get(MailAddress, to)
    return found is not None and found.failing_since is not None


def count_refusal(session: Session, to: str, error: str, failing_after: int) -> MailAddress:
    found = session.get(MailAddress, to) or MailAddress(address=to)
    found.refusals += 1
    found.last_error, found.updated_at = error, utcnow()
    if found.refusals >= failing_after and found.failing_since is None:
        found.failing_since = utcnow()
    session.add(found)
    return found


def clear_address(session: Session, to: str) -> bool:
    found = session.get(MailAddress, to)
    if found is None:
        return False
    session.delete(found)
    return True


def failing_addresses(session: Session) -> list[MailAddress]:
    query = (
        select(MailAddress)
        .where(col(MailAddress.failing_since).is_not(None))
        .order_by(col(MailAddress.failing_since).desc())
    )
    return list(session.exec(query))


def count_failing(session: Session) -> int:
    query = select(func.count()).where(col(MailAddress.failing_since).is_not(None))
    return int(session.exec(query).one())


# --- opt-outs ------------------------------------------------------------------------------


def opted_out(session: Session, to: str, topic: str) -> bool:
    query = select(MailOptOut.id).where(
        MailOptOut.address == to, or_(MailOptOut.topic == topic, MailOptOut.topic == EVERYTHING)
    )
    return session.exec(query).first() is not None


def add_opt_out(session: Session, to: str, topic: str) -> None:
    if session.exec(
        select(MailOptOut.id).where(MailOptOut.address == to, MailOptOut.topic == topic)
    ).first():
        return
    try:
        with session.begin_nested():
            session.add(MailOptOut(address=to, topic=topic))
    except IntegrityError:
        pass  # the same click twice at once: one row is what both wanted


def opt_outs(session: Session, to: str) -> list[str]:
    query = select(MailOptOut.topic).where(MailOptOut.address == to).order_by(MailOptOut.topic)
    return list(session.exec(query))


def remove_opt_out(session: Session, to: str, topic: str) -> None:
    for found in session.exec(
        select(MailOptOut).where(MailOptOut.address == to, MailOptOut.topic == topic)
    ):
        session.delete(found)


# --- one person's mail (LGPD export and erasure) --------------------------------------------


def messages_to(session: Session, to: str) -> list[MailMessage]:
    query = select(MailMessage).where(MailMessage.to_address == to)
    return list(session.exec(query.order_by(col(MailMessage.id))))


def forget(session: Session, to: str) -> None:
    """Every row naming this address: its messages, opt-outs and failing state."""
    for table, column in (
        (MailMessage, MailMessage.to_address),
        (MailOptOut, MailOptOut.address),
        (MailAddress, MailAddress.address),
    ):
        session.execute(delete(table).where(col(column) == to))
