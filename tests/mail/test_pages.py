"""The mail pages: without an SMTP server messages are private .eml files that admins list and
read; every message not about the person's own account unsubscribes in one click."""

import email
import email.policy
import stat
from pathlib import Path
from urllib.parse import urlsplit

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import Role
from app.config import get_settings
from app.db import get_engine
from app.mail import service as mail
from app.mail.delivery import deliver_once
from app.mail.models import MailMessage
from app.notifications import subscriptions
from tests.builders import make_org, make_user
from tests.mail.conftest import Inbox
from tests.web.helpers import csrf, sign_in


def _enqueue(
    session: Session, to: str, topic: str = "curation", **options: object
) -> MailMessage | None:
    context = {"name": "Ana", "title": "Roda de conversa", "kind": "prática", "url": mail.link("/")}
    message = mail.enqueue(
        session,
        to=to,
        template="curation_published",
        context=context,
        topic=topic,
        **options,  # type: ignore[arg-type]
    )
    session.commit()
    return message


def _deliver() -> None:
    deliver_once(get_engine(), get_settings())


class TestFilesWithoutSmtp:
    def test_eml_files_are_private_and_admins_read_them(
        self, file_mail_env: None, client: TestClient, session: Session, mail_dir: Path
    ):
        first = _enqueue(session, "ana@example.org")
        second = _enqueue(session, "bia@example.org", language="fr")
        assert first and second
        _deliver()
        files = sorted(mail_dir.glob("*.eml"))
        assert len(files) == 2
        assert stat.S_IMODE(mail_dir.stat().st_mode) == 0o700
        assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
        parsed = [
            email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files
        ]
        assert {p["Message-ID"] for p in parsed} == {first.message_id, second.message_id}
        assert {p["Subject"] for p in parsed} == {
            "Publicada: “Roda de conversa”",
            "Publiée : « Roda de conversa »",
        }

        curator = make_user(session, Role.curator, email="cura@partilha.org")
        admin = make_user(session, Role.admin, email="admin@partilha.org")
        assert client.get("/admin/correio", follow_redirects=False).status_code == 303
        sign_in(client, curator)
        assert client.get("/admin/correio").status_code == 403
        sign_in(client, admin)
        assert "/admin/correio" in client.get("/conta/correio").text  # admins find it there
        listing = client.get("/admin/correio")
        assert listing.status_code == 200
        assert str(mail_dir) in listing.text  # where the files are
        assert "Publicada: “Roda de conversa”" in listing.text and "bia@example.org" in listing.text
        page = client.get(f"/admin/correio/{first.id}")
        assert "Roda de conversa" in page.text and first.message_id in page.text.replace(
            "&lt;", "<"
        ).replace("&gt;", ">")
        raw = client.get(f"/admin/correio/{first.id}/mensagem.eml")
        assert raw.headers["content-type"] == "message/rfc822"
        assert raw.content == (mail_dir / files[0].name).read_bytes() or raw.content in [
            f.read_bytes() for f in files
        ]
        preview = client.get(f"/admin/correio/{first.id}/html")
        assert "sandbox" in preview.headers["content-security-policy"]
        assert "<a href=" in preview.text


class TestUnsubscribe:
    def test_one_click_stops_the_topic_and_nothing_about_the_account(
        self, mail_env: None, client: TestClient, session: Session, inbox: Inbox
    ):
        _enqueue(session, "ana@example.org")
        _deliver()
        (received,) = inbox.received
        link = received["List-Unsubscribe"].strip("<>")
        path = urlsplit(link).path
        page = client.get(path)
        assert page.status_code == 200
        assert "a***@example.org" in page.text and "ana@example.org" not in page.text
        client.cookies.clear()
        # What a mail client sends (RFC 8058): no cookie, no CSRF token.
        done = client.post(
            path,
            content="List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert done.status_code == 200 and "não vai mais receber" in done.text
        assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200

        assert _enqueue(session, "ana@example.org") is None  # the topic stopped
        assert _enqueue(session, "ana@example.org", topic="queue_digest") is not None
        assert _enqueue(session, "ana@example.org", about_own_account=True) is not None
        assert client.get(path[:-3] + "abc").status_code == 404  # a forged link

    def test_everything_stops_every_topic(
        self, mail_env: None, client: TestClient, session: Session, inbox: Inbox
    ):
        _enqueue(session, "rui@example.org", topic="freshness")
        _deliver()
        path = urlsplit(inbox.received[0]["List-Unsubscribe"].strip("<>")).path
        assert client.post(path, data={"everything": "1"}).status_code == 200
        assert _enqueue(session, "rui@example.org", topic="subscriptions") is None
        assert _enqueue(session, "rui@example.org", about_own_account=True) is not None


class TestFailingAddresses:
    def test_admins_see_them_and_clear_them(
        self, mail_env: None, client: TestClient, session: Session, inbox: Inbox
    ):
        inbox.answers["gone@example.org"] = "550 5.1.1 no such user"
        monkey_settings = get_settings()
        for _ in range(monkey_settings.mail_refusals_before_failing):
            _enqueue(session, "gone@example.org", topic=f"t{_}")
        _deliver()  # three messages, three refusals: the address fails
        admin = make_user(session, Role.admin, email="admin@partilha.org")
        sign_in(client, admin)
        listing = client.get("/admin/correio")
        assert "gone@example.org" in listing.text and "550 5.1.1 no such user" in listing.text
        token = csrf(client, "/admin/correio")
        cleared = client.post(
            "/admin/correio/enderecos",
            data={"address": "gone@example.org", "csrf_token": token},
            follow_redirects=False,
        )
        assert cleared.status_code == 303
        assert mail.failing_addresses(session) == []


class TestAccountMailPage:
    def test_topics_and_saved_searches_from_the_account_page(
        self, mail_env: None, client: TestClient, session: Session
    ):
        org = make_org(session)
        ana = make_user(session, Role.contributor, org, email="ana@caritas.org")
        sign_in(client, ana)
        assert "/conta/correio" in client.get("/conta").text
        page = client.get("/conta/correio")
        assert page.status_code == 200 and "Buscas salvas" in page.text
        assert 'value="queue_digest"' not in page.text  # not a curator: no queue digest
        # The search page's link fills the new saved search in.
        prefilled = client.get("/conta/correio?theme=saude-mental&uf=RR").text
        assert 'value="saude-mental" checked' in prefilled
        assert '<option value="RR" selected>' in prefilled
        token = csrf(client, "/conta/correio")

        # Stop the news about one's items, keep the digests.
        saved = client.post(
            "/conta/correio/avisos",
            data={"topic": ["subscriptions"], "csrf_token": token},
            follow_redirects=False,
        )
        assert saved.status_code == 303
        assert _enqueue(session, "ana@caritas.org", topic="curation") is None
        assert _enqueue(session, "ana@caritas.org", topic="subscriptions") is not None

        refused = client.post(
            "/conta/correio/buscas",
            data={"themes": ["nao-existe"], "frequency": "daily", "csrf_token": token},
        )
        assert refused.status_code == 422
        assert "Este valor não está entre as opções." in refused.text
        followed = client.post(
            "/conta/correio/buscas",
            data={
                "themes": ["saude-mental"],
                "municipio": "1400100",
                "frequency": "daily",
                "csrf_token": token,
            },
            follow_redirects=False,
        )
        assert followed.status_code == 303
        listing = client.get("/conta/correio").text
        assert "Boa Vista/RR" in listing and "Diário" in listing
        (sub,) = subscriptions.subscriptions(session, ana)
        assert sub.themes == ["saude-mental"] and sub.ibge_code == 1400100
        session.commit()  # SQLite: the test's own read must not hold the write lock
        stopped = client.post(
            f"/conta/correio/buscas/{sub.id}/excluir",
            data={"csrf_token": token},
            follow_redirects=False,
        )
        assert stopped.status_code == 303
        assert subscriptions.subscriptions(session, ana) == []
