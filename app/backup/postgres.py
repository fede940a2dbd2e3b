"""PostgreSQL: `pg_dump --format=custom` and `pg_restore`, from the PATH (or /usr/bin).

The dump runs in a snapshot exported by our own REPEATABLE READ transaction, so the manifest's
schema revision and row counts describe exactly the rows the dump holds. The client tools must
be the server's major version: an older pg_dump refuses a newer server, a newer one writes SQL
that an older server may not run (pg_dump 17 emits `SET transaction_timeout`)."""

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, make_url

from app.backup.archive import BackupInvalid
from app.backup.models import Snapshot, Target
from app.db import make_engine, normalise_url

TIMEOUT_S = 6 * 3600


class PostgresBackupError(Exception):
    pass


def _url(database_url: str) -> URL:
    return make_url(normalise_url(database_url))


def describe_url(database_url: str) -> str:
    url = _url(database_url)
    host = f"{url.host or 'localhost'}:{url.port or 5432}"
    return f"postgresql://{url.username or ''}@{host}/{url.database}"


@contextmanager
def _database(database_url: str) -> Iterator[sa.Engine]:
    """An engine for one command: a refused connection is this module's error, and the pool
    is closed however the command ends."""
    engine = make_engine(database_url)
    try:
        yield engine
    except sa.exc.OperationalError as exc:
        raise PostgresBackupError(f"cannot connect to {describe_url(database_url)}: {exc}") from exc
    finally:
        engine.dispose()


def _libpq(database_url: str) -> tuple[str, dict[str, str]]:
    """The URL libpq understands (no +psycopg) and the environment carrying the password, so
    it never shows in the process list."""
    url = _url(database_url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name) or (
        f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None
    )
    if found is None:
        raise PostgresBackupError(
            f"{name} not found: install the PostgreSQL client tools of the server's major "
            "version (Debian/Ubuntu: postgresql-client-15) and make sure they are on the PATH"
        )
    return found


def _run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=TIMEOUT_S)


def _client_version(tool: str) -> tuple[int, str]:
    line = _run([tool, "--version"]).stdout.strip()
    match = re.search(r"\)\s+(\d+)", line)
    if not match:
        raise PostgresBackupError(f"could not read the version of {tool}: {line!r}")
    return int(match.group(1)), line


def _server_version(conn: Connection) -> tuple[int, str]:
    num = int(conn.execute(sa.text("SHOW server_version_num")).scalar_one())
    return num // 10000, f"{num // 10000}.{num % 10000}"


def _check_versions(tool: str, conn: Connection) -> tuple[str, str]:
    client, line = _client_version(tool)
    server, server_text = _server_version(conn)
    if client != server:
        raise PostgresBackupError(
            f"{Path(tool).name} is version {client} but the server is PostgreSQL {server}: "
            f"use the client tools of version {server} (e.g. postgresql-client-{server})"
        )
    return line, server_text


def _snapshot(conn: Connection, tool: str = "", server: str | None = None) -> Snapshot:
    names = sorted(sa.inspect(conn).get_table_names(schema="public"))
    tables = {
        n: int(conn.execute(sa.select(sa.func.count()).select_from(sa.table(n))).scalar_one())
        for n in names
    }
    revision = None
    if "alembic_version" in tables:
        revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    return Snapshot(revision, tables, tool, server)


def dump(database_url: str, out: Path) -> Snapshot:
    """pg_dump the database into `out`, in the snapshot the returned counts were read in."""
    tool = _tool("pg_dump")
    url, env = _libpq(database_url)
    with _database(database_url) as engine, engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            line, server = _check_versions(tool, conn)
            snapshot_id = conn.execute(sa.text("SELECT pg_export_snapshot()")).scalar_one()
            snap = _snapshot(conn, line, server)
            done = _run(
                [tool, "--format=custom", f"--snapshot={snapshot_id}", f"--file={out}",
                 f"--dbname={url}"],
                env,
            )  # fmt: skip
            if done.returncode != 0:
                raise PostgresBackupError(f"pg_dump failed: {done.stderr.strip()}")
    return snap


def _archive_tables(tool: str, data: Path) -> set[str]:
    listing = _run([tool, "--list", str(data)])
    if listing.returncode != 0:
        raise BackupInvalid(f"the dump inside the backup is not readable: {listing.stderr.strip()}")
    # TOC lines: "215; 1259 16390 TABLE public practice postgres"
    return set(re.findall(r"^\d+; \d+ \d+ TABLE public (\S+) ", listing.stdout, re.M))


def check(data: Path) -> str:
    """The dump is a readable archive; returns the schema revision it holds."""
    tool = _tool("pg_restore")
    if "alembic_version" not in _archive_tables(tool, data):
        raise BackupInvalid(
            "the dump inside the backup holds no Partilha schema (no alembic_version)"
        )
    copy = _run([tool, "--data-only", "--table=alembic_version", "--file=-", str(data)])
    match = re.search(r"^COPY public\.alembic_version .*?;\n(\S+)\n", copy.stdout, re.M)
    if copy.returncode != 0 or not match:
        raise BackupInvalid("the dump inside the backup has no schema revision (alembic_version)")
    return match.group(1)


def describe(database_url: str) -> Target:
    with _database(database_url) as engine, engine.connect() as conn:
        snap = _snapshot(conn)
    return Target(describe_url(database_url), True, snap)


def restore(data: Path, database_url: str) -> None:
    """pg_restore in one transaction (all or nothing), then drop tables the backup predates."""
    tool = _tool("pg_restore")
    url, env = _libpq(database_url)
    with _database(database_url) as engine:
        with engine.connect() as conn:
            _check_versions(tool, conn)
        done = _run(
            [tool, "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "--exit-on-error", f"--dbname={url}", str(data)],
            env,
        )  # fmt: skip
        if done.returncode != 0:
            raise PostgresBackupError(
                f"pg_restore failed, the database is unchanged: {done.stderr.strip()}"
            )
        _drop_extra_tables(engine, _archive_tables(tool, data))


def _drop_extra_tables(engine: sa.Engine, kept: set[str]) -> None:
    """Tables created by migrations newer than the backup would make `partilha db upgrade`
    fail on the restored (older) revision: they go, with what depends on them."""
    with engine.begin() as conn:
        for name in sorted(set(sa.inspect(conn).get_table_names(schema="public")) - kept):
            conn.execute(sa.text(f'DROP TABLE IF EXISTS public."{name}" CASCADE'))
