"""ids never repeat: on SQLite every table with an integer id becomes AUTOINCREMENT

Without it SQLite gives a new row the largest id + 1, so ids issued after a backup are issued
again once that backup is restored (app/backup/ids.py moves the sequences past a high-water
mark, which needs a sequence to move). Tables are rebuilt with their rows and ids; nothing
changes shape. PostgreSQL already has sequences: nothing to do there.
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"

COPY = "_ids_never_repeat_copy"


def _integer_id_tables(conn: sa.Connection) -> list[tuple[str, str]]:
    rows = conn.execute(
        sa.text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name"
        )
    ).all()
    found = []
    for name, sql in rows:
        columns = conn.exec_driver_sql(f'PRAGMA table_info("{name}")').all()
        key = [c for c in columns if c[5]]
        if len(key) == 1 and key[0][1] == "id" and key[0][2].upper() == "INTEGER":
            found.append((name, sql))
    return found


def _autoincrement(name: str, sql: str) -> str:
    """The table's CREATE statement with `id` as an AUTOINCREMENT key (what SQLAlchemy writes
    for sqlite_autoincrement=True: the named primary-key constraint goes)."""
    sql, found = re.subn(
        r"\bid INTEGER NOT NULL,", "id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,", sql, count=1
    )
    sql, dropped = re.subn(r",?\s*(CONSTRAINT \w+ )?PRIMARY KEY \(id\)", "", sql, count=1)
    if not (found and dropped):
        raise RuntimeError(f"cannot read the primary key of {name}: {sql}")
    return sql


def _plain(name: str, sql: str) -> str:
    """The CREATE statement as it was before: a named primary-key constraint on `id`."""
    sql, found = re.subn(
        r"\bid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,", "id INTEGER NOT NULL,", sql, count=1
    )
    if not found:
        raise RuntimeError(f"cannot read the primary key of {name}: {sql}")
    head, _, tail = sql.rpartition(")")
    return f"{head.rstrip()}, \n\tCONSTRAINT pk_{name} PRIMARY KEY (id)\n){tail}"


def _rebuild(conn: sa.Connection, name: str, create: str) -> None:
    """The table again from `create`, with its rows (ids kept) and its indexes."""
    indexes = conn.execute(
        sa.text(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :name "
            "AND sql IS NOT NULL"
        ),
        {"name": name},
    ).scalars()
    indexes = list(indexes)
    columns = ", ".join(
        f'"{c[1]}"' for c in conn.exec_driver_sql(f'PRAGMA table_info("{name}")').all()
    )
    conn.exec_driver_sql(f'CREATE TABLE "{COPY}" AS SELECT * FROM "{name}"')
    conn.exec_driver_sql(f'DROP TABLE "{name}"')
    conn.exec_driver_sql(create)
    conn.exec_driver_sql(f'INSERT INTO "{name}" ({columns}) SELECT {columns} FROM "{COPY}"')
    conn.exec_driver_sql(f'DROP TABLE "{COPY}"')
    for index in indexes:
        conn.exec_driver_sql(index)


def _convert(autoincrement: bool) -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    # Parents are dropped and filled again inside this transaction: their children's
    # references are checked at commit, when every row is back with its id.
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    for name, sql in _integer_id_tables(conn):
        if ("AUTOINCREMENT" in sql.upper()) != autoincrement:
            _rebuild(conn, name, _autoincrement(name, sql) if autoincrement else _plain(name, sql))


def upgrade() -> None:
    _convert(autoincrement=True)


def downgrade() -> None:
    _convert(autoincrement=False)
