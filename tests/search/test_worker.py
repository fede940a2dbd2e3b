"""The worker thread started with the app, and two of them sharing one database."""

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import Session

from app.config import get_settings
from app.db import get_engine
from app.practices.index import PRACTICES
from app.search import indexer, maintenance
from app.search.worker import OutboxWorker
from tests.builders import auth
from tests.search.conftest import World


def eventually(check: Callable[[], bool], timeout_s: float = 15.0) -> None:
    """Wait for a condition the worker brings about (polls it; fails with a deadline)."""
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.02)


class TestWorkerInTheApp:
    def test_an_approval_becomes_searchable_by_itself(
        self, world: World, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        with world.worker_running(monkeypatch) as app_client:
            practice = world.publish(title="Mutirão de documentação em Pacaraima")

            def found() -> bool:  # 503 until the first pass has built the index
                answer = app_client.get("/api/v1/search/practices", params={"q": "pacaraima"})
                return answer.status_code == 200 and [h["id"] for h in answer.json()["hits"]] == [
                    practice["id"]
                ]

            eventually(found, timeout_s=60)
            threads = [t for t in threading.enumerate() if t.name == "partilha-outbox"]
            assert len(threads) == 1
        threads[0].join(timeout=5)
        assert not threads[0].is_alive()  # stopped with the app
        assert all(e.processed_at is not None for e in world.outbox())


class TestTwoWorkers:
    def test_they_never_write_at_the_same_time_and_lose_nothing(
        self, world: World, session: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        active, peak = [0], [0]
        lock = threading.Lock()

        def counting(real: Any) -> Any:
            def write(*args: Any, **kwargs: Any) -> Any:
                with lock:
                    active[0] += 1
                    peak[0] = max(peak[0], active[0])
                try:
                    return real(*args, **kwargs)
                finally:
                    with lock:
                        active[0] -= 1

            return write

        # Waiting writes (a retry) and pipelined ones (the worker's first attempts) alike.
        for name in ("apply_changes", "enqueue_changes"):
            monkeypatch.setattr(indexer, name, counting(getattr(indexer, name)))
        workers = [OutboxWorker(get_engine(), get_settings()) for _ in range(2)]
        for worker in workers:
            worker.start()
        try:
            published = [world.publish(title=f"Prática concorrente {n}") for n in range(8)]
            for practice in published[:3]:  # new approved texts race with the first ones
                edited = world.client.patch(
                    f"/api/v1/practices/{practice['id']}",
                    json={"title": f"Prática revisada {practice['id']}"},
                    headers=auth(world.owner),
                )
                world.approve(practice["id"], edited.json()["pending_revision"]["id"])
            for practice in published[3:5]:
                world.post(world.owner, f"/api/v1/practices/{practice['id']}/withdraw", {})
            eventually(lambda: all(e.processed_at is not None for e in world.outbox()))
        finally:
            for worker in workers:
                worker.stop()
        assert peak[0] == 1
        diff = maintenance.reconcile(get_engine(), get_settings(), PRACTICES, dry_run=True)
        assert diff.total == 0, diff
        assert len(world.ids(q="revisada")) == 3 and len(world.ids(q="concorrente")) == 3
