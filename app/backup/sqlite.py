"""SQLite: copies through the online backup API.

Backup reads every page in one step, inside one read transaction: in WAL mode that is a
consistent snapshot and the app keeps writing meanwhile. Restore copies the pages back into the
configured file the same way (not a file replace): SQLite takes the write lock, keeps the -wal
file coherent, and connections that stay open read the restored pages afterwards. A replaced
file would leave open connections on the old inode and a stale -wal beside the new one."""

import sqlite3
from contextlib import closing
from pathlib import Path

from app.backup.archive import BackupInvalid
from app.backup.models import Snapshot, Target
from app.files import private_file

LOCK_TIMEOUT_S = 60.0


class SqliteBackupError(Exception):
    pass


def db_path(url: str) -> Path:
    path = url.removeprefix("sqlite:///")
    if path == url or path in ("", ":memory:"):
        raise SqliteBackupError(f"cannot back up {url!r}: only a SQLite database file can be")
    return Path(path)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _snapshot(conn: sqlite3.Connection) -> Snapshot:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    tables = {
        n: int(conn.execute(f"SELECT count(*) FROM {_quoted(n)}").fetchone()[0]) for n in names
    }
    revision = None
    if "alembic_version" in tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    return Snapshot(revision, tables, f"sqlite {sqlite3.sqlite_version}")


def dump(path: Path, out: Path) -> Snapshot:
    """Copy the live database into `out` (a new file) and describe the copy."""
    if not path.is_file():
        raise SqliteBackupError(f"the database {path} does not exist")
    try:
        with (
            closing(sqlite3.connect(path, timeout=LOCK_TIMEOUT_S)) as src,
            closing(sqlite3.connect(out)) as dst,
        ):
            src.backup(dst)  # pages=-1: everything in one step, one snapshot
            dst.execute("PRAGMA journal_mode=DELETE")  # self-contained: no -wal beside it
            return _snapshot(dst)
    except sqlite3.Error as exc:
        raise SqliteBackupError(f"could not copy {path}: {exc}") from exc


def check(data: Path) -> Snapshot:
    """The extracted copy is a sound SQLite database: its schema revision and counts."""
    try:
        with closing(sqlite3.connect(data)) as conn:
            result = conn.execute("PRAGMA integrity_check").fetchone()
            if not result or result[0] != "ok":
                raise BackupInvalid(f"the database inside the backup is damaged: {result}")
            return _snapshot(conn)
    except sqlite3.DatabaseError as exc:
        raise BackupInvalid(f"the database inside the backup is not readable: {exc}") from exc


def describe(path: Path) -> Target:
    if not path.is_file():
        return Target(str(path), False, Snapshot(None))
    with closing(sqlite3.connect(path, timeout=LOCK_TIMEOUT_S)) as conn:
        return Target(str(path), True, _snapshot(conn))


def restore(data: Path, path: Path) -> None:
    """Copy the checked backup over the configured database, in one step under its write lock."""
    if not path.exists():
        # Left behind by a database file that was deleted: SQLite would replay that -wal
        # into the restored one.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    private_file(path)
    try:
        with (
            closing(sqlite3.connect(data)) as src,
            closing(sqlite3.connect(path, timeout=LOCK_TIMEOUT_S)) as dst,
        ):
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")  # how the app runs it
    except sqlite3.Error as exc:
        raise SqliteBackupError(f"could not restore into {path}: {exc}; it is unchanged") from exc
