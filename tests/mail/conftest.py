"""A real SMTP server in the test process (aiosmtpd on a free loopback port) that records
what it accepts and refuses the addresses a test tells it to; the app pointed at it."""

import email
import email.policy
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session

from app.config import get_settings
from app.db import get_engine
from app.mail.delivery import deliver_once


def deliver(session: Session) -> None:
    """Send what the mail outbox holds now, as the mail worker would."""
    session.commit()  # SQLite: the test's own reads must not hold the write lock
    deliver_once(get_engine(), get_settings())


def text_of(message: EmailMessage) -> str:
    """The plain-text body of a message the server received."""
    return message.get_body(("plain",)).get_content()


@dataclass
class Inbox:
    """What the server accepted, and the answers it gives some recipients instead."""

    received: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)  # address -> "550 …" / "451 …"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.answers:
            return self.answers[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(parsed)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.received if m["To"] == address]

    def message_ids(self) -> list[str]:
        return [str(m["Message-ID"]) for m in self.received]


class LoopbackController(Controller):
    """aiosmtpd's threaded server on port 0: the system picks a free port, read back once the
    server is bound (aiosmtpd itself would try to connect to port 0)."""

    def _trigger_server(self) -> None:
        if self.port == 0 and self.server is not None:
            self.port = int(self.server.sockets[0].getsockname()[1])
        super()._trigger_server()


@dataclass
class SmtpServer:
    """The server, stoppable and restartable on the same port (mail must wait for it)."""

    inbox: Inbox
    port: int = 0  # until the first start; a restart takes the same port again
    controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> "SmtpServer":
        self.controller = LoopbackController(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        self.port = self.controller.port
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer(Inbox()).start()
    yield server
    server.stop()


@pytest.fixture
def inbox(smtp_server: SmtpServer) -> Inbox:
    return smtp_server.inbox


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    return tmp_path / "mail"


@pytest.fixture
def mail_env(
    env: None, smtp_server: SmtpServer, mail_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app sends through the test's SMTP server; the worker threads stay off (tests call
    deliver_once and run_jobs)."""
    monkeypatch.setenv("PARTILHA_SMTP_URL", smtp_server.url)
    monkeypatch.setenv("PARTILHA_MAIL_WORKER", "false")
    monkeypatch.setenv("PARTILHA_MAIL_DIR", str(mail_dir))
    monkeypatch.setenv("PARTILHA_PUBLIC_BASE_URL", "http://partilha.example.org")
    monkeypatch.setenv("PARTILHA_MAIL_FROM", "Partilha <avisos@partilha.example.org>")
    get_settings.cache_clear()


@pytest.fixture
def file_mail_env(env: None, mail_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No SMTP URL: messages become .eml files in the test's own folder."""
    monkeypatch.delenv("PARTILHA_SMTP_URL", raising=False)
    monkeypatch.setenv("PARTILHA_MAIL_WORKER", "false")
    monkeypatch.setenv("PARTILHA_MAIL_DIR", str(mail_dir))
    get_settings.cache_clear()
