"""Delivery through a real SMTP server: one message per row with its Message-ID, both parts,
absolute links and the unsubscribe headers; SMTP down and back with nothing lost or doubled;
two workers never sending one message twice; 5xx refusals that end in a failing address."""

import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.smtp import AuthResult
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY, generate_latest
from sqlmodel import Session, col, select

from app.config import Settings, get_settings
from app.db import get_engine, make_engine, utcnow
from app.mail import service as mail
from app.mail import smtp
from app.mail.delivery import deliver_once
from app.mail.models import MailMessage, MailStatus
from tests.mail.conftest import Inbox, LoopbackController, SmtpServer


def _enqueue(
    session: Session, to: str, language: str | None = None, **extra: object
) -> MailMessage | None:
    context = {
        "name": "Ana",
        "title": "Casa de acolhida <Boa Vista>",
        "kind": "prática",
        "url": mail.link("/minhas-praticas"),
        **extra,
    }
    message = mail.enqueue(
        session, to=to, template="curation_submitted", context=context, language=language
    )
    session.commit()
    return message


def _deliver(minutes_later: float = 0):  # type: ignore[no-untyped-def]
    return deliver_once(get_engine(), get_settings(), utcnow() + timedelta(minutes=minutes_later))


def _rows(session: Session) -> list[MailMessage]:
    session.expire_all()
    rows = list(session.exec(select(MailMessage).order_by(col(MailMessage.id))))
    session.commit()  # ends the transaction (SQLite: its write lock) before the next pass
    return rows


class TestOneMessage:
    def test_sent_once_with_its_id_parts_links_and_unsubscribe(
        self, mail_env: None, session: Session, inbox: Inbox
    ):
        first = _enqueue(session, "Ana@Example.org")
        second = _enqueue(session, "bob@example.org", language="en")
        assert first and second
        assert _deliver().sent == 2
        assert _deliver(60).sent == 0  # never twice

        (pt,) = inbox.to("ana@example.org")
        assert pt["Message-ID"] == first.message_id
        assert pt["From"] == "Partilha <avisos@partilha.example.org>"
        assert pt["Subject"] == "Recebida: “Casa de acolhida <Boa Vista>”"
        assert pt["Content-Language"] == "pt-BR"
        text = pt.get_body(("plain",)).get_content().replace("\r\n", "\n")  # CRLF on the wire
        html = pt.get_body(("html",)).get_content()
        assert "Olá, Ana.\n\nRecebemos “Casa de acolhida <Boa Vista>” (prática)." in text
        assert "http://partilha.example.org/minhas-praticas" in text
        assert "Casa de acolhida &lt;Boa Vista&gt;" in html  # escaped in HTML, never markup
        assert '<a href="http://partilha.example.org/minhas-praticas">' in html
        unsubscribe = pt["List-Unsubscribe"].strip("<>")
        assert unsubscribe.startswith("http://partilha.example.org/correio/descadastrar/")
        assert pt["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert unsubscribe in text and unsubscribe in html

        (en,) = inbox.to("bob@example.org")
        assert en["Subject"] == "Received: “Casa de acolhida <Boa Vista>”"
        assert "Hello, Ana." in en.get_body(("plain",)).get_content()
        rows = _rows(session)
        assert [r.status for r in rows] == [MailStatus.sent, MailStatus.sent]
        assert all(r.transport == "smtp" and r.attempts == 1 for r in rows)

    def test_mail_about_the_account_has_no_unsubscribe(
        self, mail_env: None, session: Session, inbox: Inbox
    ):
        mail.enqueue(
            session,
            to="ana@example.org",
            template="curation_submitted",
            context={"name": "Ana", "title": "t", "kind": "k", "url": mail.link("/")},
            about_own_account=True,
        )
        session.commit()
        _deliver()
        (received,) = inbox.received
        assert received["List-Unsubscribe"] is None
        assert "descadastrar" not in received.get_body(("plain",)).get_content()


class TestServerDown:
    def test_the_mail_waits_and_goes_once_when_the_server_is_back(
        self, mail_env: None, session: Session, smtp_server: SmtpServer
    ):
        for n in range(3):
            _enqueue(session, f"early{n}@example.org")
        assert _deliver().sent == 3
        smtp_server.stop()
        for n in range(4):
            _enqueue(session, f"late{n}@example.org")  # the action succeeds while SMTP is down
        down = _deliver()
        assert down.waiting and down.sent == 0 and down.failed == 0
        assert _deliver(1).sent == 0  # still down, still waiting
        pending = [r for r in _rows(session) if r.status == MailStatus.pending]
        assert len(pending) == 4 and all(r.last_error for r in pending[:1])

        smtp_server.start()  # the same port
        assert _deliver(30).sent == 4
        assert _deliver(90).sent == 0
        ids = smtp_server.inbox.message_ids()
        assert len(ids) == 7 and len(set(ids)) == 7  # nothing lost, nothing doubled
        assert {r.message_id for r in _rows(session)} == set(ids)


class TestTwoWorkers:
    def test_two_workers_never_send_a_message_twice(
        self, mail_env: None, session: Session, inbox: Inbox, db_url: str
    ):
        for n in range(30):
            _enqueue(session, f"p{n}@example.org")
        engines = [make_engine(db_url), make_engine(db_url)]
        start = threading.Barrier(2)
        results = []

        def worker(engine):  # type: ignore[no-untyped-def]
            start.wait()
            results.append(deliver_once(engine, get_settings()))

        threads = [threading.Thread(target=worker, args=(e,)) for e in engines]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        for engine in engines:
            engine.dispose()
        assert sum(r.sent for r in results) == 30
        ids = inbox.message_ids()
        assert len(ids) == 30 and len(set(ids)) == 30
        assert all(r.status == MailStatus.sent and r.attempts == 1 for r in _rows(session))


class TestRefusals:
    def test_5xx_retried_then_failed_and_the_address_marked_failing(
        self, mail_env: None, session: Session, inbox: Inbox
    ):
        inbox.answers["gone@example.org"] = "550 5.1.1 mailbox unavailable"
        inbox.answers["busy@example.org"] = "451 4.3.0 try later"
        _enqueue(session, "gone@example.org")
        _enqueue(session, "busy@example.org")
        _enqueue(session, "ok@example.org")
        first = _deliver()
        assert (first.sent, first.retrying, first.failed) == (1, 2, 0)
        _deliver(5)  # second refusal (backoff: 30 s, 60 s…)
        third = _deliver(60)
        assert third.failed == 1  # 3 refusals: given up
        gone, busy, ok = _rows(session)
        assert ok.status == MailStatus.sent
        assert gone.status == MailStatus.failed and gone.refusals == 3
        assert "550" in (gone.last_error or "")
        assert busy.status == MailStatus.pending and busy.deferrals == 3
        assert [a.address for a in mail.failing_addresses(session)] == ["gone@example.org"]
        # No more notifications to a failing address; mail about the account still goes.
        assert _enqueue(session, "gone@example.org") is None
        assert (
            mail.enqueue(
                session,
                to="gone@example.org",
                template="curation_submitted",
                context={"name": "A", "title": "t", "kind": "k", "url": "https://x"},
                about_own_account=True,
            )
            is not None
        )
        session.rollback()
        mail.clear_failing(session, "gone@example.org")
        assert _enqueue(session, "gone@example.org") is not None
        # The busy one goes when the server accepts again, once.
        del inbox.answers["busy@example.org"]
        assert _deliver(600).sent >= 1
        assert len(inbox.to("busy@example.org")) == 1


class TestServerAddress:
    def test_the_url_forms(self):
        starttls = smtp.parse_url("smtp+starttls://ana%40org:p%3Ass@mail.example.org")
        assert (starttls.host, starttls.port, starttls.starttls, starttls.tls) == (
            "mail.example.org",
            587,
            True,
            False,
        )
        assert (starttls.user, starttls.password) == ("ana@org", "p:ss")
        assert smtp.parse_url("smtp://relay?starttls=1").starttls
        tls = smtp.parse_url("smtps://u:p@mail.example.org")
        assert tls.tls and tls.port == 465 and not tls.starttls
        assert smtp.parse_url("smtp://relay:2525").port == 2525
        with pytest.raises(ValueError):
            smtp.parse_url("http://mail.example.org")

    def test_user_and_password_are_used_and_a_refused_login_makes_mail_wait(
        self, mail_env: None, session: Session, monkeypatch: pytest.MonkeyPatch
    ):
        inbox = Inbox()
        controller = LoopbackController(
            inbox,
            hostname="127.0.0.1",
            port=0,
            authenticator=lambda *args: AuthResult(
                success=args[3] == "PLAIN" and args[4].password == b"s3nha:forte"
            ),
            auth_require_tls=False,
        )
        controller.start()
        try:
            wrong = f"smtp://partilha:errada@127.0.0.1:{controller.port}"
            monkeypatch.setenv("PARTILHA_SMTP_URL", wrong)
            get_settings.cache_clear()
            _enqueue(session, "ana@example.org")
            refused = _deliver()
            assert refused.waiting and refused.failed == 0 and inbox.received == []
            right = f"smtp://partilha:s3nha%3Aforte@127.0.0.1:{controller.port}"
            monkeypatch.setenv("PARTILHA_SMTP_URL", right)
            get_settings.cache_clear()
            assert _deliver(30).sent == 1
            assert len(inbox.received) == 1
        finally:
            controller.stop()


class TestBacklog:
    def test_readyz_and_metrics_show_the_mail_backlog(
        self, mail_env: None, client: TestClient, session: Session, smtp_server: SmtpServer
    ):
        smtp_server.stop()
        for n in range(3):
            _enqueue(session, f"w{n}@example.org")
        _deliver()  # the server is away: the three wait
        ready = client.get("/readyz").json()
        assert ready["mail"]["pending"] == 3 and ready["mail"]["transport"] == "smtp"
        assert ready["mail"]["oldest_age_s"] >= 0
        scraped = generate_latest(REGISTRY).decode()
        assert "partilha_mail_pending 3.0" in scraped
        assert "partilha_mail_failing_addresses 0.0" in scraped
        smtp_server.start()
        assert _deliver(30).sent == 3
        assert client.get("/readyz").json()["mail"]["pending"] == 0


class TestTwoProcesses:
    def test_two_app_processes_sending_at_once_never_double(
        self,
        mail_env: None,
        session: Session,
        inbox: Inbox,
        db_url: str,
        smtp_server: SmtpServer,
        backend: str,
    ):
        if backend == "sqlite":  # one writer at a time: the threads above cover it, faster
            pytest.skip("two processes write at once only on PostgreSQL")
        for n in range(40):
            _enqueue(session, f"q{n}@example.org")
        command = [str(Path(sys.executable).parent / "partilha"), "mail", "send"]
        environment = {
            **os.environ,
            "PARTILHA_ENV": "test",
            "PARTILHA_DATABASE_URL": db_url,
            "PARTILHA_SMTP_URL": smtp_server.url,
            "PARTILHA_LOG_LEVEL": "WARNING",
        }
        processes = [subprocess.Popen(command, env=environment) for _ in range(2)]
        assert [p.wait(120) for p in processes] == [0, 0]
        ids = inbox.message_ids()
        assert len(ids) == 40 and len(set(ids)) == 40
        assert all(r.status == MailStatus.sent and r.attempts == 1 for r in _rows(session))


class TestSettings:
    def test_a_wrong_smtp_url_or_the_example_sender_in_prod_stop_the_start(self):
        with pytest.raises(ValueError, match="PARTILHA_SMTP_URL"):
            Settings(smtp_url="http://mail.example.org")
        prod = {"env": "prod", "secret_key": "k" * 40, "meili_key": "m" * 20}
        with pytest.raises(ValueError, match="PARTILHA_MAIL_FROM"):
            Settings(**prod, smtp_url="smtps://u:p@mail.example.org")
        ready = Settings(**prod, smtp_url="smtps://u:p@mail.example.org", mail_from="a@b.org")
        assert ready.smtp_url and not Settings(smtp_url="").smtp_url
