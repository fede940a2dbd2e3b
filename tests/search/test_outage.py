"""Meilisearch stops while people keep approving practices: nothing is lost."""

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import get_settings
from app.db import get_engine
from app.practices.index import PRACTICES
from app.search import indexer, maintenance
from app.search.client import is_healthy
from app.search.server import MeiliProcess
from tests.search.conftest import World


@pytest.fixture
def own_meili(env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MeiliProcess]:
    """A Meilisearch this test may stop and restart (same data dir, same port)."""
    server = MeiliProcess(tmp_path / "meili").start()
    monkeypatch.setenv("PARTILHA_MEILI_URL", server.url)
    monkeypatch.setenv("PARTILHA_MEILI_KEY", server.master_key)
    get_settings.cache_clear()
    yield server
    server.stop()
    get_settings.cache_clear()


@pytest.fixture
def down_world(own_meili: MeiliProcess, session: Session, client: TestClient) -> World:
    return World(session, client, own_meili)


class TestMeilisearchStops:
    def test_approvals_go_on_and_the_index_catches_up(
        self, down_world: World, own_meili: MeiliProcess, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        world = down_world
        before = [world.publish(title=f"Prática anterior número {n}") for n in range(3)]
        assert world.sync().processed == 3

        # Stopped in the middle of a batch of approvals: every approval still succeeds.
        during: list[dict[str, Any]] = []
        for n in range(6):
            if n == 2:
                own_meili.stop()
            during.append(world.publish(title=f"Prática aprovada na queda {n}"))
        world.post(world.owner, f"/api/v1/practices/{before[0]['id']}/withdraw", {"reason": "fim"})

        assert world.sync().status == "unavailable"
        response = world.client.get("/api/v1/search/practices", params={"q": "queda"})
        assert response.status_code == 503
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "search is temporarily unavailable" in response.json()["detail"]
        ready = world.client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["checks"]["meilisearch"] == "unavailable"
        assert ready.json()["outbox"]["pending"] == 7

        own_meili.start()
        # ...and it stops again while the worker is sending the backlog.
        real_apply = indexer.apply_changes

        def stop_then_apply(*args: Any, **kwargs: Any) -> dict[int, str]:
            own_meili.stop()
            return real_apply(*args, **kwargs)

        monkeypatch.setattr(indexer, "apply_changes", stop_then_apply)
        assert world.sync().status == "unavailable"
        assert all(e.attempts == 1 and e.last_error for e in world.outbox() if not e.processed_at)
        monkeypatch.undo()

        own_meili.start()
        caught_up = world.sync(retry_all=True)  # what the worker does once the backoff ends
        assert caught_up.status == "ok" and caught_up.processed == 7 and caught_up.failed == 0
        diff = maintenance.reconcile(get_engine(), get_settings(), PRACTICES, dry_run=True)
        assert diff.total == 0
        assert sorted(world.ids(q="queda", per_page=50)) == sorted(p["id"] for p in during)
        assert before[0]["id"] not in world.ids(q="anterior")
        assert world.client.get("/readyz").json()["outbox"]["pending"] == 0


class TestMeilisearchRestarts:
    def test_searches_answer_again_at_once_on_kept_alive_connections(
        self, down_world: World, own_meili: MeiliProcess
    ) -> None:
        world = down_world
        published = world.publish(title="Prática buscada antes do reinício")
        assert world.sync().processed == 1
        assert world.ids(q="reinício") == [published["id"]]  # the connection is now pooled

        own_meili.stop()
        own_meili.start()  # same port: the pooled connection is dead, not refused

        for _ in range(3):  # every search, the first included, finds it again
            assert world.ids(q="reinício") == [published["id"]]


class TestHungServer:
    def test_a_server_that_accepts_and_never_answers_is_down_without_the_search_timeout(
        self, env: None, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # A listening socket nobody reads: the connection opens, /health never comes back.
        with socket.socket() as hung:
            hung.bind(("127.0.0.1", 0))
            hung.listen(8)
            monkeypatch.setenv("PARTILHA_MEILI_URL", f"http://127.0.0.1:{hung.getsockname()[1]}")
            monkeypatch.setenv("PARTILHA_MEILI_TIMEOUT_S", "60")
            get_settings.cache_clear()
            started = time.monotonic()
            try:
                assert not is_healthy()
            finally:
                get_settings.cache_clear()
            # /healthz, /readyz and the worker's pass ask this: never the 60 s of a search.
            assert time.monotonic() - started < 30
