"""One pass of the mail worker: send every due message once.

Each message is claimed first (a conditional update counting the attempt and hiding it for
CLAIM_S), so two app processes never send the same message; then sent over SMTP, or written
as an .eml file without an SMTP URL; then its outcome is recorded:

- accepted: sent (and an address that was failing works again);
- 5xx: retried with backoff until PARTILHA_MAIL_REFUSALS_BEFORE_FAILING refusals, then failed,
  and the address is marked failing after as many refusals (admins see it; no more mail that
  is not about the account goes to it);
- 4xx: retried with backoff, failed after PARTILHA_MAIL_MAX_ATTEMPTS deferrals;
- server unreachable (or our credentials refused): the message waits, retried at most
  UNREACHABLE_BACKOFF_S apart, and never fails for it; the pass stops at the first one.

A message is sent twice only if the process dies between the server's "250 OK" and the
record (then the claim lapses and another worker sends it again, same Message-ID)."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.config import Settings
from app.core import logs
from app.core.polling import PassReport, report
from app.db import utcnow
from app.mail import compose, files, smtp
from app.mail import repository as repo
from app.mail.models import MailMessage, MailStatus
from app.mail.smtp import Answer, Outcome

log = logging.getLogger("partilha.mail")

SEND_BATCH = 50
CLAIM_S = 300.0
MAX_BACKOFF_S = 3600.0
UNREACHABLE_BACKOFF_S = 600.0


@dataclass
class PassResult(PassReport, log_key="mail"):
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    waiting: bool = False  # the server could not be reached: the rest waits for it

    def line(self) -> str | None:
        counts = f"{self.sent} sent, {self.retrying} to retry, {self.failed} failed"
        return f"mail pass: {counts}" if self.sent or self.retrying or self.failed else None


class Transport(Protocol):
    name: str

    def send(self, message: MailMessage) -> Answer: ...

    def close(self) -> None: ...


class SmtpTransport:
    name = "smtp"

    def __init__(self, settings: Settings):
        self.sender = settings.mail_from
        self.connection = smtp.Connection(
            smtp.parse_url(settings.smtp_url or ""), settings.mail_timeout_s
        )

    def send(self, message: MailMessage) -> Answer:
        email = compose.mime(message, self.sender)
        return self.connection.send(email, self.sender, message.to_address)

    def close(self) -> None:
        self.connection.close()


class FileTransport:
    name = "file"

    def __init__(self, settings: Settings):
        self.sender, self.folder = settings.mail_from, settings.mail_dir

    def send(self, message: MailMessage) -> Answer:
        try:
            files.write(self.folder, message, compose.mime(message, self.sender))
        except OSError as exc:
            return Answer(Outcome.unreachable, f"{type(exc).__name__}: {exc}"[:500])
        return Answer(Outcome.sent)

    def close(self) -> None:
        pass


def transport(settings: Settings) -> Transport:
    return SmtpTransport(settings) if settings.smtp_url else FileTransport(settings)


def backoff(attempts: int, base_s: float, cap_s: float = MAX_BACKOFF_S) -> timedelta:
    return timedelta(seconds=min(base_s * 2 ** max(attempts - 1, 0), cap_s))


def _outcome(
    message: MailMessage, answer: Answer, now: datetime, settings: Settings, via: str
) -> dict[str, Any]:
    attempts = message.attempts + 1  # the claim counted this one
    values: dict[str, Any] = {"last_error": answer.error}
    if answer.outcome == Outcome.sent:
        return {**values, "status": MailStatus.sent, "sent_at": utcnow(), "transport": via}
    if answer.outcome == Outcome.unreachable:
        delay = backoff(attempts, settings.mail_retry_base_s, UNREACHABLE_BACKOFF_S)
        return {**values, "next_attempt_at": now + delay}
    if answer.outcome == Outcome.refused:
        values["refusals"] = count = message.refusals + 1
        limit = settings.mail_refusals_before_failing
    else:
        values["deferrals"] = count = message.deferrals + 1
        limit = settings.mail_max_attempts
    if count >= limit:
        return {**values, "status": MailStatus.failed}
    return {**values, "next_attempt_at": now + backoff(attempts, settings.mail_retry_base_s)}


def _send_one(
    engine: Engine, message: MailMessage, via: Transport, now: datetime, settings: Settings
) -> tuple[Answer, dict[str, Any]] | None:
    with Session(engine) as session:
        claimed = repo.claim(session, message, now + timedelta(seconds=CLAIM_S))
        session.commit()
    if not claimed:
        return None  # another worker has it
    answer = via.send(message)
    values = _outcome(message, answer, now, settings, via.name)
    with Session(engine) as session:
        repo.record(session, message.id or 0, values)
        if answer.outcome == Outcome.refused:
            repo.count_refusal(
                session,
                message.to_address,
                answer.error or "",
                settings.mail_refusals_before_failing,
            )
        elif answer.outcome == Outcome.sent:
            repo.clear_address(session, message.to_address)
        session.commit()
    return answer, values


def deliver_once(engine: Engine, settings: Settings, now: datetime | None = None) -> PassResult:
    """Send each due message once (tests and `partilha mail send` call this directly)."""
    now = now or utcnow()
    with logs.task_id("mail-"):  # the id of this pass's log lines
        with Session(engine, expire_on_commit=False) as session:
            due = repo.due(session, now, SEND_BATCH)
            session.commit()  # keeps the rows loaded; ends the (SQLite: write-locking) transaction
        result = PassResult()
        via = transport(settings)
        try:
            for message in due:
                done = _send_one(engine, message, via, now, settings)
                if done is None:
                    continue
                answer, values = done
                if answer.outcome == Outcome.sent:
                    result.sent += 1
                elif values.get("status") == MailStatus.failed:
                    result.failed += 1
                    log.warning("mail %s failed for good: %s", message.id, answer.error)
                else:
                    result.retrying += 1
                if answer.outcome == Outcome.unreachable:
                    result.waiting = True
                    log.warning("mail server unreachable, mail waits: %s", answer.error)
                    break
        finally:
            via.close()
        report(log, result)
        return result
