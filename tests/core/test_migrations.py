"""The models and the migrations agree, and migrations run down and up again."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import app.models  # noqa: F401
from app.cli import alembic_config
from app.config import PROJECT_ROOT
from app.db import get_engine


class TestMigrations:
    def test_models_and_migrations_do_not_drift(self, env: None) -> None:
        with get_engine().connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, SQLModel.metadata)
        assert diff == [], f"models differ from migrations; autogenerate a revision: {diff}"

    def test_downgrade_to_base_and_upgrade_again(self, env: None, db_url: str) -> None:
        config = alembic_config()
        config.set_main_option("sqlalchemy.url", db_url)
        get_engine().dispose()
        command.downgrade(config, "base")
        command.upgrade(config, "head")
        with get_engine().connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []


class TestContainersStartingTogether:
    def test_two_upgrades_at_once_both_succeed(self, env: None, db_url: str, backend: str):
        """Every app container runs `partilha db upgrade` as it starts: on PostgreSQL one
        migrates while the other waits for it (an advisory lock in migrations/env.py)."""
        if backend != "postgres":
            pytest.skip("one SQLite file is one host's: its containers do not start together")
        config = alembic_config()
        config.set_main_option("sqlalchemy.url", db_url)
        get_engine().dispose()
        command.downgrade(config, "base")
        partilha = str(Path(sys.executable).parent / "partilha")
        environment = {**os.environ, "PARTILHA_DATABASE_URL": db_url}
        upgrades = [
            subprocess.Popen(
                [partilha, "db", "upgrade"],
                cwd=PROJECT_ROOT,
                env=environment,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [upgrade.communicate(timeout=300)[0] for upgrade in upgrades]
        assert [upgrade.returncode for upgrade in upgrades] == [0, 0], outputs
        with get_engine().connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
