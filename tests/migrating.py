"""Taking a test's database to another Alembic revision, as the migration tests do to check
that data is carried across: down to an old revision, write rows in its shape, up again."""

from alembic import command

from app.cli import alembic_config
from app.db import get_engine


def migrate(db_url: str, target: str) -> None:
    """Upgrade to head, or downgrade to `target`."""
    config = alembic_config()
    config.set_main_option("sqlalchemy.url", db_url)
    get_engine().dispose()
    if target == "head":
        command.upgrade(config, "head")
    else:
        command.downgrade(config, target)
