"""Migration 0003 fills practice_revision.municipalities_key for revisions written before it."""

import importlib.util
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.operations import Operations
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from app.db import get_engine
from tests.builders import create_practice, make_org, make_user
from tests.places import BOA_VISTA, MANAUS

MIGRATION = next(Path("migrations/versions").glob("*_0003_capacity_reports.py"))


def _load_migration():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("migration_0003", MIGRATION)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestMunicipalitiesKeyBackfill:
    def test_new_revisions_get_the_key_and_old_ones_are_backfilled(
        self, client: TestClient, session: Session
    ) -> None:
        owner = make_user(session, "contributor", make_org(session), email="o@teste.org")
        practice = create_practice(client, owner, municipalities=[BOA_VISTA, MANAUS])
        create_practice(
            client,
            owner,
            scope="state",
            municipalities=[],
            ufs=["RR"],
            title="Prática estadual em Roraima",
        )
        select_keys = text("SELECT municipalities_key FROM practice_revision ORDER BY id")
        with get_engine().begin() as conn:
            assert list(conn.execute(select_keys).scalars()) == [f"|{BOA_VISTA}|{MANAUS}|", ""]
            # As if written before the column existed.
            conn.execute(text("UPDATE practice_revision SET municipalities_key = ''"))
            with Operations.context(MigrationContext.configure(conn)):
                _load_migration()._backfill_municipalities_key()
            assert list(conn.execute(select_keys).scalars()) == [f"|{BOA_VISTA}|{MANAUS}|", ""]
        assert practice["revision"]["content"]["municipalities"] == [BOA_VISTA, MANAUS]
