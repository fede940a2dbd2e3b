"""Two app processes (real uvicorn) behind one database and two Meilisearch servers
(PARTILHA_MEILI_URLS), both running their outbox worker: concurrent curation through both never
loses an index update on either server, never applies one twice, and never lets an older state
overwrite a newer one."""

import itertools
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlmodel import Session

from app.accounts.models import User
from app.config import PROJECT_ROOT, get_settings
from app.db import get_engine
from app.practices.index import PRACTICES
from app.search import failover, maintenance
from app.search.server import MeiliProcess, free_port
from tests.builders import auth, make_org, make_user, practice_payload, required_checklist
from tests.search.test_replicas import replica  # noqa: F401 - the second server, a fixture

pytestmark = pytest.mark.slow

THREADS = 6
PRACTICES_PER_THREAD = 4
DEADLINE_S = 90.0


def wait_until(condition: Callable[[], bool], what: str, timeout_s: float = DEADLINE_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


class AppProcess:
    """`uvicorn app.main:create_app --factory` on a free port, its output in a log file."""

    def __init__(self, name: str, env: dict[str, str], log: Path):
        self.name, self.env, self.log_path = name, env, log
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "AppProcess":
        command = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory",
                   "--host", "127.0.0.1", "--port", str(self.port),
                   "--log-level", "warning"]  # fmt: skip
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        return self

    def ready(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            pytest.fail(f"{self.name} exited with {self.proc.returncode}:\n{self.log()}")
        try:
            return httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


@contextmanager
def running(processes: list[AppProcess]) -> Iterator[list[AppProcess]]:
    """Start every process and wait until each is ready; stop them all at the end."""
    try:
        for process in processes:
            process.start()
        for process in processes:
            wait_until(process.ready, f"{process.name} ready")  # DEADLINE_S: a loaded machine
        yield processes
    finally:
        for process in processes:
            process.stop()


# Marks an outbox row that is marked processed a second time: the test's own instrument on
# the real table (the app records only the latest processed_at).
REPROCESSED = {
    "postgres": [
        "CREATE TABLE test_reprocessed "
        "(event_id integer, first_at timestamptz, again_at timestamptz)",
        """CREATE FUNCTION test_note_reprocessed() RETURNS trigger AS $$ BEGIN
             IF OLD.processed_at IS NOT NULL THEN
               INSERT INTO test_reprocessed VALUES (OLD.id, OLD.processed_at, NEW.processed_at);
             END IF;
             RETURN NEW;
           END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER test_note_reprocessed BEFORE UPDATE OF processed_at ON outbox_event
           FOR EACH ROW EXECUTE FUNCTION test_note_reprocessed()""",
    ],
    "sqlite": [
        "CREATE TABLE test_reprocessed (event_id integer, first_at text, again_at text)",
        """CREATE TRIGGER test_note_reprocessed AFTER UPDATE OF processed_at ON outbox_event
           WHEN OLD.processed_at IS NOT NULL
           BEGIN INSERT INTO test_reprocessed VALUES (OLD.id, OLD.processed_at, NEW.processed_at);
           END""",
    ],
}


@pytest.fixture
def apps(
    env: None,
    backend: str,
    tmp_path: Path,
    meili: MeiliProcess,
    replica: MeiliProcess,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[list[AppProcess]]:
    with get_engine().begin() as conn:
        for statement in REPROCESSED[backend]:
            conn.execute(sa.text(statement))
    monkeypatch.setenv("PARTILHA_MEILI_URLS", f"{meili.url},{replica.url}")  # as in compose.yaml
    get_settings.cache_clear()
    failover.forget()
    # What a deployment runs once (`partilha search setup`): the indexes exist and are filled
    # (5,571 municipalities) before the apps start, so their workers only apply settings.
    maintenance.setup(get_engine(), get_settings())
    child_env = {
        **os.environ,
        "PARTILHA_OUTBOX_WORKER": "true",
        "PARTILHA_OUTBOX_POLL_S": "0.2",
        "PARTILHA_WEBHOOK_DISPATCHER": "false",
        "PARTILHA_RATE_LIMITS_ENABLED": "false",
    }
    processes = [AppProcess(n, child_env, tmp_path / f"{n}.log") for n in ("app-a", "app-b")]
    with running(processes):
        yield processes


@dataclass
class Expected:
    """What each practice should look like in the index when everything has settled."""

    titles: dict[int, str | None] = field(default_factory=dict)  # None: withdrawn
    lock: threading.Lock = field(default_factory=threading.Lock)


class Curation:
    """One contributor and one curator driving practices through both apps, alternately."""

    def __init__(self, apps: list[AppProcess], owner: User, curator: User):
        self.http = [httpx.Client(base_url=a.url, timeout=30) for a in apps]
        self.turn = itertools.cycle(range(len(apps)))
        self.owner, self.curator = auth(owner), auth(curator)

    def call(self, method: str, path: str, headers: dict[str, str], json: Any = None) -> Any:
        response = self.http[next(self.turn)].request(method, path, json=json, headers=headers)
        assert response.status_code in (200, 201), f"{method} {path}: {response.text}"
        return response.json()

    def approve(self, pid: int, revision_id: int) -> None:
        self.call("POST", f"/api/v1/practices/{pid}/submit", self.owner)
        self.call("POST", f"/api/v1/curation/practices/{pid}/claim", self.curator)
        decision = {"revision_id": revision_id, "outcome": "approve",
                    "checklist": required_checklist()}  # fmt: skip
        self.call("POST", f"/api/v1/curation/practices/{pid}/decisions", self.curator, decision)

    def edit(self, pid: int, title: str) -> int:
        edited = self.call("PATCH", f"/api/v1/practices/{pid}", self.owner, {"title": title})
        return int(edited["pending_revision"]["id"])

    def lifecycle(self, n: int, expected: Expected) -> None:
        """Publish, edit and re-approve; then withdraw, or edit and approve once more."""
        title = f"Prática {n} de acolhimento"
        created = self.call("POST", "/api/v1/practices", self.owner, practice_payload(title=title))
        pid = created["id"]
        self.approve(pid, created["revision"]["id"])
        self.approve(pid, self.edit(pid, f"{title}, segunda versão"))
        final: str | None = f"{title}, segunda versão"
        if n % 2:
            self.call("POST", f"/api/v1/practices/{pid}/withdraw", self.owner, {"reason": "fim"})
            final = None
        else:
            self.approve(pid, self.edit(pid, f"{title}, terceira versão"))
            final = f"{title}, terceira versão"
        with expected.lock:
            expected.titles[pid] = final

    def close(self) -> None:
        for client in self.http:
            client.close()


class IndexWatcher:
    """Reads the practices index over and over while curation runs, recording every revision
    it sees per practice: a newer state must never be replaced by an older one."""

    def __init__(self, meili: MeiliProcess):
        settings = get_settings()  # the same index names on every server
        self.http = httpx.Client(
            base_url=meili.url, headers={"Authorization": f"Bearer {meili.master_key}"}, timeout=10
        )
        self.path = f"/indexes/{PRACTICES.uid(settings)}/documents"
        self.seen: dict[int, list[int | None]] = {}
        self.reads = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run)

    def documents(self) -> dict[int, dict[str, Any]]:
        params: dict[str, Any] = {"fields": "id,revision_id,title", "limit": 10_000}
        response = self.http.get(self.path, params=params)
        if response.status_code == 404:
            return {}
        response.raise_for_status()
        return {int(d["id"]): d for d in response.json()["results"]}

    def _run(self) -> None:
        while not self._stop.is_set():
            docs = self.documents()
            self.reads += 1
            for pid in set(self.seen) | set(docs):
                revision = docs[pid]["revision_id"] if pid in docs else None
                history = self.seen.setdefault(pid, [None])
                if history[-1] != revision:
                    history.append(revision)
            self._stop.wait(0.02)

    def __enter__(self) -> "IndexWatcher":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def never_went_back(history: list[int | None]) -> bool:
    """None (absent) first, then strictly increasing revisions, then at most a final None."""
    revisions = [r for r in history[1:] if r is not None]
    trailing = history[1:][len(revisions) :] if history[-1] is None else []
    shape_ok = history[1:] == revisions + trailing and trailing in ([], [None])
    return shape_ok and revisions == sorted(set(revisions))


def published_in_db() -> dict[int, int]:
    query = sa.text(
        "SELECT id, published_revision_id FROM practice "
        "WHERE published_revision_id IS NOT NULL AND archived_at IS NULL"
    )
    with get_engine().connect() as conn:
        return {int(row[0]): int(row[1]) for row in conn.execute(query)}


def outbox_rows() -> list[Any]:
    query = sa.text(
        "SELECT id, created_at, processed_at, attempts, last_error FROM outbox_event ORDER BY id"
    )
    with get_engine().connect() as conn:
        return list(conn.execute(query))


def moment(value: datetime | str) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)  # SQLite


def reprocessed() -> list[Any]:
    with get_engine().connect() as conn:
        return list(conn.execute(sa.text("SELECT * FROM test_reprocessed")))


class TestTwoProcesses:
    def test_concurrent_curation_reaches_the_index_exactly_once(
        self,
        apps: list[AppProcess],
        session: Session,
        meili: MeiliProcess,
        replica: MeiliProcess,  # noqa: F811
    ) -> None:
        teams = []
        for t in range(THREADS):
            org = make_org(session, f"Organização {t}")
            owner = make_user(session, "contributor", org, email=f"owner{t}@teste.org")
            curator = make_user(session, "curator", email=f"curator{t}@teste.org")
            teams.append(Curation(apps, owner, curator))
        session.commit()
        expected = Expected()
        started = time.monotonic()

        def work(t: int) -> None:
            for k in range(PRACTICES_PER_THREAD):
                teams[t].lifecycle(t * PRACTICES_PER_THREAD + k, expected)

        with IndexWatcher(meili) as watcher:
            with ThreadPoolExecutor(THREADS) as pool:
                list(pool.map(work, range(THREADS)))  # re-raises a thread's failure
            curated_s = time.monotonic() - started
            wait_until(
                lambda: all(row.processed_at is not None for row in outbox_rows()),
                "both workers to drain the outbox",
            )
            settled_s = time.monotonic() - started
        for team in teams:
            team.close()

        # Nothing lost: the index holds exactly the published practices, at their latest
        # approved revision and text.
        docs = watcher.documents()
        watcher.http.close()
        db = published_in_db()
        assert {pid: doc["revision_id"] for pid, doc in docs.items()} == db
        second = IndexWatcher(replica)  # the other server was fed the same changes
        wait_until(lambda: second.documents() == docs, "the second server to hold the same")
        second.http.close()
        assert {pid: doc["title"] for pid, doc in docs.items()} == {
            pid: title for pid, title in expected.titles.items() if title is not None
        }
        assert len(expected.titles) == THREADS * PRACTICES_PER_THREAD
        # Nothing twice: every event processed once, on its first attempt.
        rows = outbox_rows()
        assert rows and all(r.attempts == 0 and r.last_error is None for r in rows)
        assert reprocessed() == []
        # Never backwards: no reader ever saw an older revision replace a newer one.
        assert watcher.reads > 10
        went_back = {pid: h for pid, h in watcher.seen.items() if not never_went_back(h)}
        assert went_back == {}
        lags = sorted((moment(r.processed_at) - moment(r.created_at)).total_seconds() for r in rows)
        print(
            f"\n{len(rows)} events, {len(expected.titles)} practices: curation {curated_s:.1f} s, "
            f"index settled {settled_s:.1f} s, {watcher.reads} index reads; commit to "
            f"processed: median {lags[len(lags) // 2]:.2f} s, max {lags[-1]:.2f} s"
        )
        for app in apps:
            assert app.ready(), app.log()
        # The instrument works: marking a processed event again is recorded.
        with get_engine().begin() as conn:
            again = "UPDATE outbox_event SET processed_at = created_at WHERE id = :id"
            conn.execute(sa.text(again), {"id": rows[0].id})
        assert len(reprocessed()) == 1
