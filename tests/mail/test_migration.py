"""Migration 0013 adds the mail tables without touching what was there: a database at 0012
holding an account is upgraded to head, and that account then follows a saved search and gets
its mail."""

from sqlalchemy import inspect, text
from sqlmodel import Session

from app.accounts.models import User
from app.config import get_settings
from app.db import get_engine, utcnow
from app.mail import service as mail
from app.mail.delivery import deliver_once
from app.notifications import subscriptions
from app.notifications.models import Frequency
from tests.mail.conftest import Inbox
from tests.migrating import migrate

ORG = (
    "INSERT INTO organisation (id, name, type, uf, created_at) "
    "VALUES (7, 'Cáritas', 'osc', 'RR', :now)"
)
USER = (
    "INSERT INTO user_account (id, email, name, password_hash, role, organisation_id, "
    "is_active, created_at) VALUES (70, 'ana@caritas.org', 'Ana', 'x', 'contributor', 7, "
    "true, :now)"
)
MAIL_TABLES = {
    "mail_message",
    "mail_address",
    "mail_opt_out",
    "digest_subscription",
    "freshness_notice",
}


class TestMailMigration:
    def test_an_0012_database_with_accounts_upgrades_and_sends_mail(
        self, mail_env: None, session: Session, db_url: str, inbox: Inbox
    ) -> None:
        migrate(db_url, "0012")
        assert not MAIL_TABLES & set(inspect(get_engine()).get_table_names())
        with get_engine().begin() as conn:
            conn.execute(text(ORG), {"now": utcnow()})
            conn.execute(text(USER), {"now": utcnow()})
        get_engine().dispose()
        migrate(db_url, "head")
        assert set(inspect(get_engine()).get_table_names()) >= MAIL_TABLES

        ana = session.get(User, 70)
        assert ana is not None and ana.email == "ana@caritas.org"
        followed = subscriptions.subscribe(
            session, ana, subscriptions.SubscriptionCreate(frequency=Frequency.daily, uf="RR")
        )
        assert followed.id is not None
        context = {"name": ana.name, "title": "t", "kind": "prática", "url": mail.link("/")}
        mail.enqueue(session, to=ana.email, template="curation_submitted", context=context)
        session.commit()
        assert deliver_once(get_engine(), get_settings()).sent == 1
        assert [m["To"] for m in inbox.received] == ["ana@caritas.org"]
