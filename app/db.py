"""Engine, sessions and the metadata naming convention."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, TypeVar

import sqlalchemy as sa
from annotated_types import Interval
from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine, func, select
from sqlmodel.sql.expression import SelectOfScalar

from app.config import get_settings
from app.files import private_file

# Stable constraint names so Alembic migrations are identical on SQLite and PostgreSQL.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


@event.listens_for(sa.Table, "before_create")
def _ids_never_repeat(table: sa.Table, connection: Any, **_kw: Any) -> None:
    """On SQLite a table keyed by an integer `id` is AUTOINCREMENT (Alembic's create_table and
    its batch copies included): otherwise SQLite hands out the largest id + 1, so after
    restoring a backup the ids issued since would be issued again, and app/backup/ids.py
    could not move the sequence past its high-water mark (migration 0016 converted the
    tables created before)."""
    key = list(table.primary_key.columns)
    integer_id = len(key) == 1 and key[0].name == "id" and isinstance(key[0].type, sa.Integer)
    if connection.dialect.name == "sqlite" and integer_id and not key[0].foreign_keys:
        table.dialect_kwargs["sqlite_autoincrement"] = True


# Ids and codes as the database stores them (INTEGER: 32 bits on PostgreSQL). Every id that
# comes from a request uses these, so a huge number is a 422, never an overflow in the driver.
MAX_INT = 2_147_483_647
DbId = Annotated[int, Interval(ge=1, le=MAX_INT)]
IbgeCode = Annotated[int, Interval(ge=1, le=9_999_999)]  # 2 digits (UF) or 7 (municipality)


def utcnow() -> datetime:
    """Aware UTC; SQLModel's UTCDateTime stores it as UTC on SQLite and PostgreSQL alike."""
    return datetime.now(UTC)


T = TypeVar("T")


def page(
    session: Session, query: SelectOfScalar[T], *order: Any, limit: int, offset: int
) -> tuple[list[T], int]:
    """One page of `query` in `order`, and how many rows the whole query has."""
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(*order).limit(limit).offset(offset))
    return list(rows), total


def where_given(query: SelectOfScalar[T], *tests: tuple[Any, Any]) -> SelectOfScalar[T]:
    """`query` kept to the rows whose column equals each (column, value) given: a listing's
    optional filters, where a value of None filters nothing."""
    for column, value in tests:
        if value is not None:
            query = query.where(column == value)
    return query


def normalise_url(url: str) -> str:
    # Accept the libpq-style URL operators type and use psycopg 3.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, statement_timeout_s: float = 0) -> Engine:
    """An engine; on PostgreSQL, statements running longer than `statement_timeout_s` are
    cancelled by the server (0: never), so a runaway query cannot hold a worker forever."""
    url = normalise_url(url)
    # hide_parameters: a failed statement's error (and so a logged traceback) never shows the
    # values, which can be anyone's e-mail, name or phone.
    kwargs: dict[str, Any] = {"pool_pre_ping": True, "hide_parameters": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        kwargs.update(pool_size=10, max_overflow=20)
        if statement_timeout_s > 0:
            timeout_ms = max(1, round(statement_timeout_s * 1000))
            kwargs["connect_args"] = {"options": f"-c statement_timeout={timeout_ms}"}
    # People's data: never world-readable (nor its -wal, -shm). Only inside a folder that exists:
    # a missing folder is an outage to report (503), not a new empty database.
    path = sa.make_url(url).database if url.startswith("sqlite") else None
    if path and path != ":memory:" and Path(path).parent.is_dir():
        private_file(Path(path))
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
    return engine


@contextmanager
def scratch_database(admin_url: str, prefix: str) -> Iterator[str]:
    """A new database on the PostgreSQL server of `admin_url`, dropped after the block even
    with connections still open; yields its URL (benchmarks and the test template use it)."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{normalise_url(admin_url).rpartition('/')[0]}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy issue BEGIN itself (see _sqlite_begin_immediate).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin_immediate(conn: Any) -> None:
    # Take the write lock at the start of each transaction: a read-then-write use case
    # never upgrades its lock halfway, which is what turns concurrent writers into errors.
    # Read-only sessions (long exports) read a WAL snapshot instead, never blocking writers.
    read_only = conn.get_execution_options().get("partilha_read_only", False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


@lru_cache
def get_engine() -> Engine:
    settings = get_settings()
    # The app's engine only: migrations, backups and benchmarks may run long statements.
    return make_engine(settings.database_url, settings.statement_timeout_s)


def new_session() -> Session:
    # Objects stay readable after commit: services return what they committed.
    return Session(get_engine(), expire_on_commit=False)


def new_read_session() -> Session:
    """A session that only reads (exports streamed for minutes): on SQLite it does not take
    the write lock that every other transaction takes."""
    return Session(get_engine().execution_options(partilha_read_only=True), expire_on_commit=False)


def get_session(request: Request) -> Iterator[Session]:
    # GET and HEAD never write: on SQLite they read a snapshot instead of queueing for the
    # write lock, so searches and pages are not serialised behind each other.
    safe = request.method in ("GET", "HEAD")
    with new_read_session() if safe else new_session() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def str_enum(enum_cls: type[StrEnum]) -> sa.Enum:
    """A StrEnum stored as VARCHAR: no native PostgreSQL type to migrate when values change."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=20,
        values_callable=lambda e: [m.value for m in e],
    )
