"""Ids never repeat across a restore.

Restoring a backup brings its tables back as they were, sequences included: the ids issued
since (a practice whose link is out there, an outbox event a partner deduplicates on as
`event_id`, a webhook delivery) would be issued again to other rows. So the highest id each
table has ever issued, its high-water mark, is kept outside the database and its backups: a
JSON file beside a SQLite database (`<file>.high-water.json`), under `.data/high-water/` for
PostgreSQL. It is raised at every backup and, from the database about to be replaced, before
every restore; after a restore, and after `partilha db upgrade` (a restored older schema gets
its sequences when migrated), every table's sequence is moved past it.

On SQLite the sequence is the AUTOINCREMENT row in sqlite_sequence (migration 0016 makes every
table keyed by an integer id AUTOINCREMENT); on PostgreSQL the id column's sequence. The change
feed's cursors carry the event id (and, on PostgreSQL, the writing transaction, which the
server never hands out twice), so a partner's cursor from before the restore resumes at the
events written after it."""

import json
import os
import tempfile
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, make_url

from app.config import PROJECT_ROOT
from app.db import make_engine, normalise_url
from app.files import FILE_MODE, private_dir

HIGH_WATER_DIR = PROJECT_ROOT / ".data" / "high-water"
Marks = dict[str, int]


def marks_path(database_url: str) -> Path:
    """Where the high-water marks of this database are kept."""
    url = make_url(normalise_url(database_url))
    if url.get_backend_name() == "sqlite":
        return Path(f"{url.database}.high-water.json")
    name = f"{url.host or 'localhost'}-{url.port or 5432}-{url.database}.json"
    return HIGH_WATER_DIR / name


def read_marks(path: Path) -> Marks:
    if not path.is_file():
        return {}
    stored = json.loads(path.read_text())
    return {str(k): int(v) for k, v in stored.get("tables", {}).items()}


def _write_marks(path: Path, marks: Marks) -> None:
    private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=".high-water-", dir=path.parent)
    os.fchmod(fd, FILE_MODE)
    with os.fdopen(fd, "w") as f:
        json.dump({"tables": dict(sorted(marks.items()))}, f, indent=2)
    os.replace(tmp, path)  # never a half-written file: it is all a restore has to go on


def _merged(*marks: Marks) -> Marks:
    merged: Marks = {}
    for each in marks:
        for table, value in each.items():
            merged[table] = max(value, merged.get(table, 0))
    return merged


def _id_tables(conn: Connection) -> list[str]:
    inspector = sa.inspect(conn)
    tables = []
    for table in inspector.get_table_names():
        if inspector.get_pk_constraint(table)["constrained_columns"] != ["id"]:
            continue
        column = next(c for c in inspector.get_columns(table) if c["name"] == "id")
        if isinstance(column["type"], sa.Integer):
            tables.append(table)
    return tables


def _sequence(conn: Connection, table: str) -> str | None:
    """PostgreSQL: the id column's sequence (None on SQLite, whose sequences are rows)."""
    if conn.dialect.name != "postgresql":
        return None
    query = sa.text("SELECT pg_get_serial_sequence(:table, 'id')")
    name: str | None = conn.execute(query, {"table": f'public."{table}"'}).scalar()
    return name


def _issued(conn: Connection, table: str) -> int:
    """The highest id this table has issued: its largest id or its sequence, whichever is
    higher (rows deleted at the end leave the sequence ahead)."""
    largest = int(conn.execute(sa.text(f'SELECT coalesce(max(id), 0) FROM "{table}"')).scalar_one())
    if (sequence := _sequence(conn, table)) is not None:
        row = conn.execute(sa.text(f"SELECT last_value, is_called FROM {sequence}")).one()
        return max(largest, int(row[0]) if row[1] else int(row[0]) - 1)
    if conn.dialect.name == "sqlite" and _has_sqlite_sequence(conn):
        query = sa.text("SELECT seq FROM sqlite_sequence WHERE name = :table")
        return max(largest, int(conn.execute(query, {"table": table}).scalar() or 0))
    return largest


def _has_sqlite_sequence(conn: Connection) -> bool:
    query = sa.text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")
    return conn.execute(query).first() is not None


def _exists(database_url: str) -> bool:
    url = make_url(normalise_url(database_url))
    return url.get_backend_name() != "sqlite" or Path(str(url.database)).is_file()


def issued(database_url: str) -> Marks:
    """Every id table's highest issued id in this database (none when it does not exist)."""
    if not _exists(database_url):
        return {}
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            return {table: _issued(conn, table) for table in _id_tables(conn)}
    finally:
        engine.dispose()


def remember(database_url: str) -> Marks:
    """Raise the kept marks to what this database has issued; the marks now kept."""
    path = marks_path(database_url)
    marks = _merged(read_marks(path), issued(database_url))
    _write_marks(path, marks)
    return marks


def move_past(database_url: str, marks: Marks | None = None) -> Marks:
    """Move every id table's sequence at or past its mark (the kept ones by default), so the
    next id is above anything ever issued; returns the tables whose sequence moved."""
    marks = read_marks(marks_path(database_url)) if marks is None else marks
    moved: Marks = {}
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            for table in _id_tables(conn):
                mark = marks.get(table, 0)
                if mark > _issued(conn, table) and _set_sequence(conn, table, mark):
                    moved[table] = mark
    finally:
        engine.dispose()
    return moved


def _set_sequence(conn: Connection, table: str, value: int) -> bool:
    if (sequence := _sequence(conn, table)) is not None:
        conn.execute(
            sa.text("SELECT setval(:sequence, :value, true)"),
            {"sequence": sequence, "value": value},
        )
        return True
    if conn.dialect.name != "sqlite" or not _has_sqlite_sequence(conn):
        return False  # no AUTOINCREMENT table yet: `partilha db upgrade` moves it later
    sql = conn.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :table"),
        {"table": table},
    ).scalar()
    if "AUTOINCREMENT" not in str(sql).upper():
        return False
    params = {"table": table, "value": value}
    updated = conn.execute(
        sa.text("UPDATE sqlite_sequence SET seq = :value WHERE name = :table"), params
    )
    if updated.rowcount == 0:
        conn.execute(
            sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:table, :value)"), params
        )
    return True


def restart_transactions(database_url: str) -> bool:
    """PostgreSQL: restored outbox rows written on a server whose transaction counter is ahead
    of this one's would sort after every row written from now on, so a reader would skip the
    new ones: they move to transaction 0, before anything new (app/outbox/feed.py resumes
    positions from the other server the same way). True when they moved."""
    if make_url(normalise_url(database_url)).get_backend_name() != "postgresql":
        return False
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            columns = {c["name"] for c in sa.inspect(conn).get_columns("outbox_event")}
            if "txid" not in columns:  # a backup older than the commit-safe feed
                return False
            upper = conn.execute(
                sa.text("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")
            ).scalar_one()
            newest = conn.execute(sa.text("SELECT max(txid) FROM outbox_event")).scalar()
            if newest is None or int(newest) < int(upper):
                return False
            conn.execute(sa.text("UPDATE outbox_event SET txid = 0"))
            return True
    finally:
        engine.dispose()
