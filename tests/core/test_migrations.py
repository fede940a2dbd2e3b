"""The models and the migrations agree, and migrations run down and up again."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import app.models  # noqa: F401
from app.cli import alembic_config
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
