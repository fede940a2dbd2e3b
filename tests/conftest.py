"""Test fixtures: a real database per test (cloned from one migrated template per backend)
and one real Meilisearch per session, with an index prefix per test.

Tests exercise code that commits in several sessions (the outbox worker, racing curators),
so each test gets a fresh database clone instead of a rolled-back transaction."""

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from app.accounts.models import User
from app.assembly import assemble
from app.cli import migrate_fresh
from app.config import get_settings
from app.db import get_engine, make_engine, normalise_url, scratch_database
from app.search.server import MeiliProcess
from tests.builders import make_org, make_user

POSTGRES_URL = os.environ.get("PARTILHA_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgres"] if POSTGRES_URL else [])

assemble()  # the kinds and indexes the domains declare, as the app and the CLI register them


def _pg_admin():  # type: ignore[no-untyped-def]
    assert POSTGRES_URL
    return make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")


def _pg_url(name: str) -> str:
    assert POSTGRES_URL
    base, _, _ = normalise_url(POSTGRES_URL).rpartition("/")
    return f"{base}/{name}"


@pytest.fixture(scope="session")
def meili(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MeiliProcess]:
    server = MeiliProcess(tmp_path_factory.mktemp("meili")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def template_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "template.sqlite"
        migrate_fresh(f"sqlite:///{path}")
        yield "sqlite", str(path)
        return
    assert POSTGRES_URL
    with scratch_database(POSTGRES_URL, "partilha_tpl") as url:
        migrate_fresh(url)
        yield "postgres", url.rpartition("/")[2]


@pytest.fixture
def backend(template_db: tuple[str, str]) -> str:
    return template_db[0]


@pytest.fixture
def db_url(template_db: tuple[str, str], tmp_path: Path) -> Iterator[str]:
    kind, source = template_db
    if kind == "sqlite":
        target = tmp_path / "test.sqlite"
        shutil.copyfile(source, target)
        yield f"sqlite:///{target}"
        return
    name = f"partilha_t_{uuid.uuid4().hex[:10]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{source}"'))
    yield _pg_url(name)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def env(db_url: str, meili: MeiliProcess, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the app at this test's database and its own Meilisearch indexes."""
    prefix = f"t{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv("PARTILHA_ENV", "test")
    monkeypatch.setenv("PARTILHA_DATABASE_URL", db_url)
    monkeypatch.setenv("PARTILHA_MEILI_URL", meili.url)
    monkeypatch.setenv("PARTILHA_MEILI_KEY", meili.master_key)
    monkeypatch.setenv("PARTILHA_MEILI_INDEX_PREFIX", prefix)
    monkeypatch.setenv("PARTILHA_OUTBOX_WORKER", "false")
    monkeypatch.setenv("PARTILHA_WEBHOOK_DISPATCHER", "false")  # tests call dispatch_once
    # Abuse limits off: tests sign in and search far more often than a person; the tests of
    # the limits (tests/ratelimits) turn them on with their own small budgets.
    monkeypatch.setenv("PARTILHA_RATE_LIMITS_ENABLED", "false")
    # Cheap hashes: the suite creates hundreds of users.
    monkeypatch.setenv("PARTILHA_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("PARTILHA_ARGON2_MEMORY_KIB", "1024")
    _clear_caches()
    yield
    get_engine().dispose()
    _clear_caches()
    _drop_indexes(meili, prefix)


def _clear_caches() -> None:
    from app.accounts.security import _hasher

    get_settings.cache_clear()
    get_engine.cache_clear()
    _hasher.cache_clear()


def _drop_indexes(meili: MeiliProcess, prefix: str) -> None:
    import httpx

    headers = {"Authorization": f"Bearer {meili.master_key}"}
    with httpx.Client(base_url=meili.url, headers=headers, timeout=10) as http:
        indexes = http.get("/indexes", params={"limit": 1000}).json().get("results", [])
        for index in indexes:
            if index["uid"].startswith(prefix):
                http.delete(f"/indexes/{index['uid']}")


@pytest.fixture
def session(env: None) -> Iterator[Session]:
    with Session(get_engine(), expire_on_commit=False) as s:
        yield s


@pytest.fixture
def client(env: None) -> Iterator[TestClient]:
    from app.main import create_app

    with TestClient(create_app()) as c:
        yield c


@pytest.fixture
def ana(session: Session) -> User:
    """A contributor of a new organisation, ana@caritas.org, with the builders' PASSWORD."""
    return make_user(session, "contributor", make_org(session), email="ana@caritas.org")
