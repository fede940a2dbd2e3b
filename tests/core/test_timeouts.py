"""Slow calls are bounded: PostgreSQL cancels long statements, SQLite waits a bounded time for
the write lock, and every Meilisearch client has a timeout."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app.config import get_settings
from app.db import get_engine
from app.search.client import make_client


class TestDatabase:
    def test_postgres_cancels_a_statement_over_the_timeout(
        self, env: None, backend: str, monkeypatch: pytest.MonkeyPatch
    ):
        if backend != "postgres":
            pytest.skip("statement_timeout is PostgreSQL's")
        monkeypatch.setenv("PARTILHA_STATEMENT_TIMEOUT_S", "0.2")
        get_settings.cache_clear()
        get_engine.cache_clear()
        with (
            get_engine().connect() as conn,
            pytest.raises(OperationalError, match="statement timeout"),
        ):
            conn.execute(text("SELECT pg_sleep(3)"))

    def test_the_default_applies_to_the_apps_connections(self, env: None, backend: str):
        with get_engine().connect() as conn:
            if backend == "postgres":
                assert conn.execute(text("SHOW statement_timeout")).scalar_one() == "30s"
            else:
                assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() == 30000


class TestSearch:
    def test_every_client_has_the_configured_timeout(self, monkeypatch: pytest.MonkeyPatch):
        monkeypatch.setenv("PARTILHA_MEILI_TIMEOUT_S", "1.5")
        get_settings.cache_clear()
        try:
            assert make_client().config.timeout == 1.5
        finally:
            get_settings.cache_clear()
