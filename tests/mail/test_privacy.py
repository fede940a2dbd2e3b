"""LGPD: a person's data export lists the mail written to them, what they unsubscribed from and
their saved searches; deleting the account erases them and nothing more is sent."""

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.accounts.models import Role
from app.config import get_settings
from app.db import get_engine
from app.mail import service as mail
from app.mail.delivery import deliver_once
from app.mail.models import MailMessage
from app.notifications import subscriptions
from app.notifications.models import DigestSubscription, Frequency
from tests.builders import PASSWORD, auth, make_org, make_user
from tests.mail.conftest import Inbox


def _enqueue(session: Session, to: str, topic: str) -> None:
    context = {"name": "Ana", "title": "Horta", "kind": "prática", "url": mail.link("/")}
    mail.enqueue(session, to=to, template="curation_published", context=context, topic=topic)
    session.commit()


class TestMailAndPrivacy:
    def test_the_export_lists_it_and_deletion_erases_it(
        self, mail_env: None, client: TestClient, session: Session, inbox: Inbox
    ):
        ana = make_user(session, Role.contributor, make_org(session), email="ana@caritas.org")
        subscriptions.subscribe(
            session, ana, subscriptions.SubscriptionCreate(frequency=Frequency.daily, uf="RR")
        )
        _enqueue(session, ana.email, "curation")
        deliver_once(get_engine(), get_settings())
        mail.opt_out(session, ana.email, "queue_digest")
        _enqueue(session, ana.email, "freshness")  # still waiting when the account goes

        exported = client.get("/api/v1/me/export", headers=auth(ana)).json()
        messages = exported["mail"]["messages"]
        assert [(m["subject"], m["status"]) for m in messages] == [
            ("Publicada: “Horta”", "sent"),
            ("Publicada: “Horta”", "pending"),
        ]
        assert exported["mail"]["unsubscribed_from"] == ["queue_digest"]
        assert [s["uf"] for s in exported["saved_searches"]] == ["RR"]

        session.commit()
        deleted = client.request(
            "DELETE", "/api/v1/me", json={"password": PASSWORD}, headers=auth(ana)
        )
        assert deleted.status_code == 204, deleted.text
        assert deliver_once(get_engine(), get_settings()).sent == 0  # the waiting one is gone
        assert len(inbox.received) == 1
        left = session.exec(
            select(MailMessage).where(col(MailMessage.to_address) == "ana@caritas.org")
        ).all()
        assert left == []
        assert mail.opted_out_topics(session, "ana@caritas.org") == []
        assert session.exec(select(DigestSubscription)).all() == []
