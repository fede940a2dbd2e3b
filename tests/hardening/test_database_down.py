"""While the database cannot be reached, the API answers 503 with Retry-After (a client comes
back) instead of 500 "internal error"; a bug in a query is still a 500."""

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.accounts.models import User
from app.config import get_settings
from app.core.problems import DATABASE_RETRY_AFTER_S, database_unavailable
from app.db import get_engine
from app.practices import service
from app.search.server import MeiliProcess
from tests.builders import practice_payload
from tests.conftest import POSTGRES_URL


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # free again once closed: nothing listens there


@pytest.fixture(params=["sqlite", "postgres"])
def unreachable_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/missing/folder/partilha.sqlite"
    if not POSTGRES_URL:
        pytest.skip("PARTILHA_TEST_POSTGRES_URL is not set")
    return f"postgresql://postgres@127.0.0.1:{_closed_port()}/partilha"


@pytest.fixture
def down_client(
    unreachable_url: str, meili: MeiliProcess, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    from app.main import create_app

    for name, value in {
        "ENV": "test",
        "DATABASE_URL": unreachable_url,
        "MEILI_URL": meili.url,
        "MEILI_KEY": meili.master_key,
        "MEILI_INDEX_PREFIX": "down",
        "OUTBOX_WORKER": "false",
        "WEBHOOK_DISPATCHER": "false",
        "RATE_LIMITS_ENABLED": "false",
    }.items():
        monkeypatch.setenv(f"PARTILHA_{name}", value)
    get_settings.cache_clear()
    get_engine.cache_clear()
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


class TestDatabaseDown:
    def test_the_api_answers_503_with_retry_after(self, down_client: TestClient) -> None:
        response = down_client.get("/api/v1/practices", headers={"X-Request-ID": "fora-1"})
        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["retry-after"] == str(DATABASE_RETRY_AFTER_S)
        body = response.json()
        assert "database is unavailable" in body["detail"] and body["request_id"] == "fora-1"

    def test_a_write_answers_503_too(self, down_client: TestClient) -> None:
        response = down_client.post(
            "/api/v1/auth/token", data={"username": "a@teste.org", "password": "uma senha"}
        )
        assert response.status_code == 503, response.text

    def test_a_batch_is_not_answered_line_by_line_as_failures(
        self, down_client: TestClient
    ) -> None:
        # Every line would fail alike: the batch answers 503 as a whole, to be sent again.
        user = User(id=1, email="a@teste.org", name="A", password_hash="-", role="contributor")
        user.organisation_id = 1
        line = json.dumps({**practice_payload(), "external_id": "a"}).encode()
        with Session(get_engine()) as session, pytest.raises(DBAPIError) as raised:
            service.submit_batch(session, user, line)
        assert database_unavailable(raised.value)

    def test_pages_say_so_with_retry_after(self, down_client: TestClient) -> None:
        response = down_client.get("/praticas/1")
        assert response.status_code == 503
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["retry-after"] == str(DATABASE_RETRY_AFTER_S)


class TestOnlyOutagesAre503:
    def test_a_bad_query_is_not_an_outage(self) -> None:
        engine = create_engine("sqlite://")
        with engine.connect() as conn, pytest.raises(DBAPIError) as raised:
            conn.execute(text("SELECT missing_column FROM sqlite_master"))
        assert not database_unavailable(raised.value)
