"""The SMTP server of PARTILHA_SMTP_URL, and what its answers mean for a message.

    smtp://host[:25]                     plain (a relay on the same network)
    smtp+starttls://user:pw@host[:587]   STARTTLS (also smtp://…?starttls=1)
    smtps://user:pw@host[:465]           TLS from the first byte

User and password are percent-decoded. TLS certificates are verified."""

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from enum import StrEnum
from urllib.parse import parse_qs, unquote, urlsplit

SCHEMES = ("smtp", "smtps", "smtp+starttls")


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    tls: bool  # smtps
    starttls: bool
    user: str | None
    password: str | None


def parse_url(url: str) -> Server:
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise ValueError(
            "PARTILHA_SMTP_URL must look like smtp://host, smtps:// or smtp+starttls://"
        )
    query = parse_qs(parts.query)
    starttls = parts.scheme == "smtp+starttls" or query.get("starttls", [""])[0].lower() in (
        "1",
        "true",
        "yes",
    )
    tls = parts.scheme == "smtps"
    port = parts.port or (465 if tls else 587 if starttls else 25)
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return Server(parts.hostname, port, tls, starttls, user, password)


class Outcome(StrEnum):
    sent = "sent"
    refused = "refused"  # 5xx for this recipient or message: counts towards failing
    deferred = "deferred"  # 4xx: try again later, a limited number of times
    unreachable = "unreachable"  # no server, or the server's own trouble: wait for it


@dataclass(frozen=True)
class Answer:
    outcome: Outcome
    error: str | None = None


def _answer(code: int, text: bytes | str) -> Answer:
    words = text.decode(errors="replace") if isinstance(text, bytes) else text
    error = f"{code} {words}"[:500]
    if 500 <= code < 600:
        return Answer(Outcome.refused, error)
    return Answer(Outcome.deferred, error)


class Connection:
    """One SMTP session reused for the messages of a pass; reopened after an error."""

    def __init__(self, server: Server, timeout_s: float):
        self.server = server
        self.timeout_s = timeout_s
        self._smtp: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        server, context = self.server, ssl.create_default_context()
        smtp: smtplib.SMTP
        if server.tls:
            smtp = smtplib.SMTP_SSL(
                server.host, server.port, timeout=self.timeout_s, context=context
            )
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=self.timeout_s)
        try:
            if server.starttls:
                smtp.starttls(context=context)
            if server.user:
                smtp.login(server.user, server.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, email: EmailMessage, sender: str, to: str) -> Answer:
        try:
            self._smtp = self._smtp or self._open()
            self._smtp.send_message(email, from_addr=sender, to_addrs=[to])
            return Answer(Outcome.sent)
        except smtplib.SMTPRecipientsRefused as exc:
            self.close()
            code, text = next(iter(exc.recipients.values()))
            return _answer(code, text)
        except (smtplib.SMTPAuthenticationError, smtplib.SMTPSenderRefused) as exc:
            # Our credentials or sender address: no recipient's fault, so wait for a fix.
            self.close()
            return Answer(Outcome.unreachable, f"{exc.smtp_code} {exc.smtp_error!r}"[:500])
        except smtplib.SMTPResponseException as exc:
            self.close()
            return _answer(exc.smtp_code, exc.smtp_error)
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            return Answer(Outcome.unreachable, f"{type(exc).__name__}: {exc}"[:500])

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None
