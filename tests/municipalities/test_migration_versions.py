"""Migration 0015 adds the capacity report versions without touching the reports: a database
at 0014 holding a dated report upgrades to head, keeps it, and a corrected import of it then
keeps the old figures as a version (SQLite and PostgreSQL)."""

from fastapi.testclient import TestClient
from sqlalchemy import inspect
from sqlmodel import Session

from app.db import get_engine
from tests.builders import auth, make_org, make_user
from tests.migrating import migrate
from tests.municipalities.conftest import report
from tests.municipalities.test_import import csv_bytes, row, upload
from tests.places import BOA_VISTA


class TestVersionsMigration:
    def test_a_0014_database_with_reports_upgrades_and_keeps_versions(
        self, client: TestClient, session: Session, db_url: str
    ) -> None:
        city = make_org(session, "Prefeitura de Boa Vista", type="governo-municipal")
        editor = make_user(session, "gov_editor", city, scope=str(BOA_VISTA))
        session.commit()
        first = report(client, editor, BOA_VISTA, as_of="2025-03-01")
        get_engine().dispose()
        migrate(db_url, "0014")
        assert "capacity_report_version" not in inspect(get_engine()).get_table_names()
        get_engine().dispose()
        migrate(db_url, "head")

        kept = client.get(f"/api/v1/municipalities/{BOA_VISTA}/capacity-reports").json()
        assert [(r["id"], r["totals"]["total"]) for r in kept["items"]] == [(first["id"], 60)]
        corrected = csv_bytes([row(BOA_VISTA, as_of="2025-03-01")])
        body = upload(client, editor, corrected, dry_run=False).json()
        assert (body["replaced"], body["errors"]) == (1, [])
        url = f"/api/v1/municipalities/{BOA_VISTA}/capacity-reports/{first['id']}/versions"
        versions = client.get(url, headers=auth(editor)).json()["items"]
        assert [(v["totals"]["total"], v["as_of"]) for v in versions] == [(60, "2025-03-01")]
