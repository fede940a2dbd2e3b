"""Migration 0012 adds organisation profiles without touching what was there: a database at
0011 holding organisations and their members is upgraded to head, keeps them, and their
members then propose profiles that curators approve."""

from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from sqlmodel import Session

from app.accounts.models import User
from app.db import get_engine, utcnow
from tests.builders import auth, make_user, required_checklist
from tests.migrating import migrate
from tests.organisations.conftest import profile_payload
from tests.places import BOA_VISTA

ORG = (
    "INSERT INTO organisation (id, name, type, uf, created_at) "
    "VALUES (:id, :name, 'osc', :uf, :now)"
)
USER = (
    "INSERT INTO user_account (id, email, name, password_hash, role, organisation_id, "
    "is_active, created_at) VALUES (:id, :email, 'Membro', 'x', 'contributor', :org, "
    "true, :now)"
)


class TestProfilesMigration:
    def test_an_0011_database_with_organisations_upgrades_and_takes_profiles(
        self, client: TestClient, session: Session, db_url: str
    ) -> None:
        migrate(db_url, "0011")  # this test's database holds only the IBGE reference so far
        assert "organisation_profile" not in inspect(get_engine()).get_table_names()
        with get_engine().begin() as conn:
            now = utcnow()
            conn.execute(text(ORG), {"id": 7, "name": "Cáritas Roraima", "uf": "RR", "now": now})
            conn.execute(text(ORG), {"id": 9, "name": "Abraço Migrante", "uf": "AM", "now": now})
            conn.execute(text(USER), {"id": 70, "email": "m@rr.org", "org": 7, "now": now})
        get_engine().dispose()
        migrate(db_url, "head")

        listed = client.get("/api/v1/organisations").json()
        assert [(o["id"], o["name"], o["profile"]) for o in listed] == [
            (9, "Abraço Migrante", None),
            (7, "Cáritas Roraima", None),
        ]
        member = session.get(User, 70)
        assert member is not None
        session.commit()  # SQLite: the test's own read must not hold the lock
        proposed = client.put(
            "/api/v1/organisations/7/profile", json=profile_payload(), headers=auth(member)
        )
        assert proposed.status_code == 200, proposed.text
        curator = make_user(session, "curator", email="cur@teste.org")
        session.commit()
        base = "/api/v1/curation/organisation-profiles/7"
        claimed = client.post(f"{base}/claim", headers=auth(curator)).json()

        decision = {
            "revision_id": claimed["revision_id"],
            "outcome": "approve",
            "checklist": required_checklist("organisation_profile"),
        }
        assert client.post(f"{base}/decisions", json=decision, headers=auth(curator)).is_success
        shown = client.get("/api/v1/organisations/7").json()
        assert shown["profile"]["municipalities"][0]["ibge_code"] == BOA_VISTA
        here = client.get(f"/api/v1/municipalities/{BOA_VISTA}").json()["organisations_here"]
        assert [o["id"] for o in here] == [7]
