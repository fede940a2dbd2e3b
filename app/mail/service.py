"""Mail use cases. Sending a message is writing a row in the caller's transaction: the message
leaves with the change it announces or not at all, and a worker delivers it later
(app/mail/delivery.py), so an SMTP server that is down never fails the action.

The API for every sender::

    from app.mail import service as mail

    mail.enqueue(
        session,
        to="ana@example.org",
        template="curation_changes_requested",  # app/web/templates/mail/<template>.html
        context={"title": ..., "reason": ..., "url": mail.link("/praticas/12")},
        language=user_language,  # "pt-BR" (default), "es", "en" or "fr"
        about_own_account=False,  # True: password reset, verification… (no unsubscribe)
        topic=None,  # what its unsubscribe stops (default: the template)
        dedupe_key=None,  # periodic senders: the same key is never enqueued twice
    )
    session.commit()  # the caller's one commit

It renders the template now (subject, plain text and HTML in the recipient's language), gives
the message its Message-ID and, unless it is about the person's own account, its one-click
unsubscribe link; it returns the row, or None when nothing is to be sent (the address opted
out of the topic or of everything, it is failing, or the dedupe key was used)."""

from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.config import get_settings
from app.core.lookup import existing
from app.db import utcnow
from app.errors import NotFound
from app.mail import compose
from app.mail import repository as repo
from app.mail.models import MailAddress, MailMessage, MailStatus

EVERYTHING = repo.EVERYTHING


def normalise(address: str) -> str:
    return address.strip().lower()


def link(path: str) -> str:
    """An absolute link to a page of the site (mail is read outside it)."""
    return get_settings().public_base_url.rstrip("/") + "/" + path.lstrip("/")


def enqueue(
    session: Session,
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str | None = None,
    about_own_account: bool = False,
    topic: str | None = None,
    dedupe_key: str | None = None,
) -> MailMessage | None:
    """Write one message to `to` in the caller's transaction (see the module's docstring)."""
    settings = get_settings()
    to, topic = normalise(to), topic or template
    if dedupe_key is not None and repo.key_taken(session, dedupe_key):
        return None
    if not about_own_account and (
        repo.opted_out(session, to, topic) or repo.is_failing(session, to)
    ):
        return None
    message_id = compose.new_message_id(settings.mail_from)
    unsubscribe = None if about_own_account else compose.unsubscribe_url(settings, message_id)
    language = compose.language_or_default(language)
    extra = {"base_url": settings.public_base_url.rstrip("/"), "unsubscribe_url": unsubscribe}
    rendered = compose.RENDERER.get()(template, {**context, **extra}, language)
    message = MailMessage(
        message_id=message_id,
        dedupe_key=dedupe_key,
        to_address=to,
        template=template,
        topic=topic,
        language=language,
        about_own_account=about_own_account,
        subject=rendered.subject[:300],
        text_body=rendered.text,
        html_body=rendered.html,
        unsubscribe_url=unsubscribe,
        next_attempt_at=utcnow(),
    )
    session.add(message)
    return message


# --- one-click unsubscribe (RFC 8058) -------------------------------------------------------


def unsubscribing(session: Session, token: str) -> MailMessage:
    """The message an unsubscribe link came in; 404 for a forged or unknown link."""
    key = compose.token_key(get_settings(), token)
    message = repo.by_key(session, key) if key else None
    if message is None or message.about_own_account:
        raise NotFound("this unsubscribe link is not valid")
    return message


def unsubscribe(session: Session, token: str, everything: bool = False) -> MailMessage:
    """Stop the link's topic (or all mail not about the account) for its address; idempotent."""
    message = unsubscribing(session, token)
    repo.add_opt_out(session, message.to_address, EVERYTHING if everything else message.topic)
    session.commit()
    return message


def opted_out_topics(session: Session, address: str) -> list[str]:
    return repo.opt_outs(session, normalise(address))


def opt_in(session: Session, address: str, topic: str) -> None:
    """Receive a topic again (the account page's mail section)."""
    repo.remove_opt_out(session, normalise(address), topic)
    session.commit()


def opt_out(session: Session, address: str, topic: str) -> None:
    repo.add_opt_out(session, normalise(address), topic)
    session.commit()


# --- what admins see ------------------------------------------------------------------------


def messages(
    session: Session, status: MailStatus | None, limit: int, offset: int
) -> tuple[list[MailMessage], int]:
    """The latest messages first, with their delivery state."""
    return repo.messages_page(session, status, limit, offset)


def message(session: Session, message_id: int) -> MailMessage:
    return existing(repo.get(session, message_id), "mail message", message_id)


def failing_addresses(session: Session) -> list[MailAddress]:
    return repo.failing_addresses(session)


def clear_failing(session: Session, address: str) -> None:
    """An admin says the address works again (the person fixed their mailbox)."""
    if not repo.clear_address(session, normalise(address)):
        raise NotFound("this address is not marked as failing")
    session.commit()


def written_since(session: Session, to: str, template: str, since: datetime) -> int:
    """How many messages of this template were written to the address since then."""
    return repo.count_since(session, normalise(to), template, since)


def already_written(session: Session, dedupe_key: str) -> bool:
    """Whether a message with this key exists (periodic senders skip composing it again)."""
    return repo.key_taken(session, dedupe_key)


# --- one person's mail (LGPD) ---------------------------------------------------------------


def held_for(session: Session, address: str) -> dict[str, Any]:
    """What is held about an address: the messages written to it (without their bodies,
    which repeat what the export holds elsewhere) and what it unsubscribed from."""
    to = normalise(address)
    return {
        "messages": [
            m.model_dump(
                mode="json",
                include={"created_at", "subject", "template", "language", "status", "sent_at"},
            )
            for m in repo.messages_to(session, to)
        ],
        "unsubscribed_from": repo.opt_outs(session, to),
    }


def forget(session: Session, address: str) -> None:
    """Erase every row naming the address (account deletion); the caller commits."""
    repo.forget(session, normalise(address))
