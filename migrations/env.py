"""Alembic environment: the app's metadata, the URL from settings or the caller."""

import sys

from alembic import context
from sqlalchemy import Connection, text
from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers every table)
from app.config import PROJECT_ROOT, get_settings
from app.db import make_engine

# The revisions import migrations.shapes from the project root: alembic.ini's prepend_sys_path
# adds only the current folder, and `partilha db upgrade` may run from any folder.
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

config = context.config
target_metadata = SQLModel.metadata
# Every app container runs `partilha db upgrade` as it starts (scripts/start.sh): on PostgreSQL
# one migrates while the others wait for this lock, then find nothing left to do.
MIGRATION_LOCK = 0x7061727469  # "parti"


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":  # held until the transaction ends
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


run_migrations_online()
