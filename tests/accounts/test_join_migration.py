"""Migration 0021 adds `email_verified` (true for every account that existed: admins and the
CLI made them) and join_request: a database at 0020 holding an account upgrades to head, and
that account still signs in; a person then asks to join its organisation."""

from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from sqlmodel import Session

from app.accounts import joining
from app.accounts.models import JoinStatus, User
from app.accounts.security import hash_password
from app.db import get_engine, utcnow
from tests.migrating import migrate

ORG = (
    "INSERT INTO organisation (id, name, type, uf, created_at) "
    "VALUES (7, 'Cáritas', 'osc', 'RR', :now)"
)
USER = (
    "INSERT INTO user_account (id, email, name, password_hash, role, organisation_id, "
    "is_active, created_at) VALUES (70, 'ana@caritas.org', 'Ana', :hash, 'contributor', 7, "
    "true, :now)"
)
PASSWORD = "girassol-amarelo-de-pacaraima"


class TestJoinMigration:
    def test_existing_accounts_are_verified_and_keep_signing_in(
        self, env: None, session: Session, db_url: str
    ) -> None:
        migrate(db_url, "0020")
        columns = {c["name"] for c in inspect(get_engine()).get_columns("user_account")}
        assert "email_verified" not in columns
        with get_engine().begin() as conn:
            conn.execute(text(ORG), {"now": utcnow()})
            conn.execute(text(USER), {"now": utcnow(), "hash": hash_password(PASSWORD)})
        get_engine().dispose()
        migrate(db_url, "head")

        ana = session.get(User, 70)
        assert ana is not None and ana.email_verified is True
        session.commit()
        from app.main import create_app

        client = TestClient(create_app())
        form = {"username": "ana@caritas.org", "password": PASSWORD}
        assert client.post("/api/v1/auth/token", data=form).status_code == 200
        asked = joining.ask(
            session,
            joining.JoinAsk(
                name="João", email="joao@acolhe.org", password=PASSWORD, organisation_id=7
            ),
            "pt-BR",
        )
        assert asked.status == JoinStatus.unconfirmed and asked.organisation_id == 7
