"""Migration 0020 adds the needs tables without touching what was there: a database at 0019
holding a gov editor's account is upgraded, and that editor then posts a need through the API
and gets an offer on it."""

from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from sqlmodel import Session

from app.accounts.models import User
from app.db import get_engine, utcnow
from app.main import create_app
from tests.builders import auth, make_org, make_user
from tests.migrating import migrate
from tests.needs.conftest import need_payload, offer_payload
from tests.places import BOA_VISTA

ORG = (
    "INSERT INTO organisation (id, name, type, uf, created_at) "
    "VALUES (7, 'Prefeitura de Boa Vista', 'governo-municipal', 'RR', :now)"
)
EDITOR = (
    "INSERT INTO user_account (id, email, name, password_hash, role, organisation_id, "
    "scope_ibge, is_active, created_at, credential_epoch) VALUES (70, 'ana@bv.gov.br', 'Ana', "
    "'x', 'gov_editor', 7, 1400100, true, :now, 0)"
)


class TestNeedsMigration:
    def test_an_0019_database_with_an_editor_upgrades_and_posts_needs(
        self, session: Session, db_url: str
    ) -> None:
        migrate(db_url, "0019")
        assert not {"need", "need_offer"} & set(inspect(get_engine()).get_table_names())
        with get_engine().begin() as conn:
            conn.execute(text(ORG), {"now": utcnow()})
            conn.execute(text(EDITOR), {"now": utcnow()})
        get_engine().dispose()
        migrate(db_url, "head")
        assert {"need", "need_offer"} <= set(inspect(get_engine()).get_table_names())

        ana = session.get(User, 70)
        assert ana is not None and ana.scope_ibge == BOA_VISTA
        session.commit()  # SQLite: let go of the database before the app writes to it
        with TestClient(create_app()) as client:  # the app starts on the upgraded database
            self._post_and_offer(session, client, ana)

    def _post_and_offer(self, session: Session, client: TestClient, ana: User) -> None:
        posted = client.post(
            f"/api/v1/municipalities/{BOA_VISTA}/needs", json=need_payload(), headers=auth(ana)
        )
        assert posted.status_code == 201, posted.text
        helper = make_user(session, "contributor", make_org(session, "Cáritas Roraima"))
        session.commit()
        need_id = posted.json()["id"]
        offered = client.post(
            f"/api/v1/needs/{need_id}/offers", json=offer_payload(), headers=auth(helper)
        )
        assert offered.status_code == 201, offered.text
        seen = client.get(f"/api/v1/needs/{need_id}", headers=auth(ana)).json()
        assert [o["organisation"] for o in seen["offers"]] == ["Cáritas Roraima"]
