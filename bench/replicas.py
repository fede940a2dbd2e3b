"""Replicas benchmark: two Meilisearch servers fed by the outbox, one SIGKILLed mid-run.

    .venv/bin/python bench/replicas.py                 # 2,000 practices, SQLite, ~1 minute
    .venv/bin/python bench/replicas.py --n 500 --seconds 15

Starts two Meilisearch servers (one key for both) and the app (uvicorn, two workers, the
outbox worker on, abuse limits on with the benchmark's budgets) with PARTILHA_MEILI_URLS naming
them both; seeds N published practices and fills both servers (`partilha search setup`). Then
several threads search through the API for --seconds while, after a fifth of it, the server the
searches ask first is killed with SIGKILL (killing the other one would never touch a search),
practices are approved while it is down, and it is restarted on its data dir a few seconds
later. Prints the searches that failed (target 0: every search fails over within its request),
the time from the restart until that server is in sync again (its cursor at the frontier and
`reconcile` finding no difference on it) and whether every approval made during the outage is
on it; each target with PASS/MISS; the last line is JSON. Exits 0 whatever the figures
(non-zero only when the run itself fails)."""

import argparse
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.env import FAST_HASHING, LIMITS, print_targets  # noqa: E402

os.environ.update(FAST_HASHING)

import httpx  # noqa: E402

from app.cli import migrate_fresh  # noqa: E402
from app.search.server import MeiliProcess, free_port  # noqa: E402
from bench.search_corpus import Actors  # noqa: E402
from bench.search_targets import MIX, H, database, pct, start_app  # noqa: E402

# A returning server should be back in rotation within about one load-balancer health-check
# interval (10 s is the common default) and well before an operator would step in: what it
# replays is the outage's events, a few short catch-up steps between the worker's passes.
CATCH_UP_S = 10.0


class Load:
    """Threads searching through the API until stopped; every answer but a 200 is a failure."""

    def __init__(self, api: str, threads: int):
        self.api, self.done = api, threading.Event()
        self.ok, self.failed = [0] * threads, [0] * threads
        self.latencies: list[list[float]] = [[] for _ in range(threads)]
        self.threads = [threading.Thread(target=self._run, args=(n,)) for n in range(threads)]

    def _run(self, n: int) -> None:
        queries = [q for kind in MIX.values() for q in kind]
        with httpx.Client(base_url=self.api, headers=H, timeout=30) as client:
            i = n
            while not self.done.is_set():
                started = time.perf_counter()
                try:
                    answer = client.get(
                        "/api/v1/search/practices", params=queries[i % len(queries)]
                    )
                    good = answer.status_code == 200
                except httpx.HTTPError:
                    good = False
                self.latencies[n].append((time.perf_counter() - started) * 1000)
                if good:
                    self.ok[n] += 1
                else:
                    self.failed[n] += 1
                i += 1

    def __enter__(self) -> "Load":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.done.set()
        for thread in self.threads:
            thread.join()


def in_sync(name: str) -> bool:
    """The server's cursor says in sync at the frontier (read as the worker writes it)."""
    from sqlmodel import Session

    from app.config import get_settings
    from app.db import get_engine
    from app.search import replicas
    from app.search import repository as repo
    from app.search.specs import followed_types

    with Session(get_engine()) as session:
        frontier = repo.frontier(session, followed_types())
        for standing in replicas.standings(session, get_settings()):
            if standing.server.name == name:
                cursor = standing.cursor
                return (
                    standing.state == "in_sync"
                    and cursor is not None
                    and cursor.delivered_through >= frontier
                )
    return False


def clean(name: str) -> bool:
    """`partilha search reconcile --dry-run` finds no difference on the server."""
    from app.config import get_settings
    from app.db import get_engine
    from app.search import maintenance
    from app.search.servers import by_name
    from app.search.specs import specs

    settings = get_settings()
    server = by_name(settings, name)
    return all(
        not maintenance.reconcile(get_engine(), settings, spec, True, server).total
        for spec in specs()
    )


def wait_caught_up(name: str, restarted: float, timeout_s: float = 120) -> float:
    """Seconds from the restart until the cursor said in sync, checked clean by reconcile
    (its own time, a few seconds of reading both sides, is not counted)."""
    while True:
        if in_sync(name):
            seen = time.perf_counter() - restarted
            if clean(name):
                return seen
        if time.perf_counter() - restarted > timeout_s:
            raise RuntimeError(f"{name} did not catch up in {timeout_s:.0f} s")
        time.sleep(0.05)


def on_server(meili: MeiliProcess, uid: str, token: str) -> bool:
    auth = {"Authorization": f"Bearer {meili.master_key}", **H}
    body = {"q": token, "limit": 1}
    answer = httpx.post(f"{meili.url}/indexes/{uid}/search", json=body, headers=auth, timeout=10)
    return bool(answer.status_code == 200 and answer.json()["hits"])


def outage(
    args: argparse.Namespace, api: str, first: MeiliProcess, actors: Actors
) -> dict[str, Any]:
    """The search load, with `first` killed, approvals meanwhile, and `first` restarted."""
    from app.config import get_settings
    from app.practices.index import PRACTICES
    from app.search.servers import server_name

    figures: dict[str, Any] = {}
    tokens: list[str] = []
    errors = 0
    with (
        Load(api, args.threads) as load,
        httpx.Client(base_url=api, headers=H, timeout=30) as client,
    ):
        started = time.perf_counter()
        time.sleep(args.seconds / 5)
        assert first.proc is not None
        first.proc.kill()  # SIGKILL: no goodbye, connections in flight are cut
        first.proc.wait()
        first.proc = None
        killed = time.perf_counter()
        while time.perf_counter() - killed < args.down_s:
            token = f"zr{uuid.uuid4().hex[:8]}"
            try:
                actors.approve(client, *actors.in_review(client, token))
                tokens.append(token)
            except httpx.HTTPError:
                errors += 1
        first.start()  # same data dir, same port
        restarted = time.perf_counter()
        figures["down_s"] = round(restarted - killed, 1)
        figures["catch_up_s"] = round(wait_caught_up(server_name(first.url), restarted), 2)
        time.sleep(max(args.seconds - (time.perf_counter() - started), 0))
    uid = PRACTICES.uid(get_settings())
    latencies = [x for per in load.latencies for x in per]
    figures.update(
        searches=sum(load.ok) + sum(load.failed),
        replica_search_failures=sum(load.failed),
        search_p50_ms=round(pct(latencies, 50), 1),
        search_p95_ms=round(pct(latencies, 95), 1),
        search_max_ms=round(max(latencies), 1),
        approvals_during_outage=len(tokens),
        approvals_missing_on_restarted=sum(not on_server(first, uid, t) for t in tokens),
        errors=errors,
    )
    return figures


def setup_world(args: argparse.Namespace) -> Actors:
    from app.config import get_settings
    from app.db import get_engine
    from app.search.maintenance import setup
    from app.search.sync import sync_once
    from bench.search_corpus import seed

    actors = Actors(get_engine())
    seed(get_engine(), args.n, user_id=actors.user_id)
    setup(get_engine(), get_settings())  # both servers, filled from the database
    result = sync_once(get_engine(), get_settings())
    assert result.failed == 0, result
    return actors


def targets(figures: dict[str, Any]) -> dict[str, bool]:
    rows = [
        (
            "replica_search_failures == 0",
            "replica_search_failures",
            figures["replica_search_failures"] == 0,
        ),
        (f"catch_up_s <= {CATCH_UP_S:.0f}", "catch_up_s", figures["catch_up_s"] <= CATCH_UP_S),
        (
            "approvals_missing_on_restarted == 0",
            "approvals_missing_on_restarted",
            figures["approvals_missing_on_restarted"] == 0,
        ),
        ("errors == 0", "errors", figures["errors"] == 0),
    ]
    return print_targets(rows, figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="published practices")
    parser.add_argument("--seconds", type=float, default=30.0, help="the search load")
    parser.add_argument("--down-s", type=float, default=6.0, help="how long the server is down")
    parser.add_argument("--threads", type=int, default=4, help="searching clients")
    parser.add_argument("--app-workers", type=int, default=2)
    args = parser.parse_args()
    figures: dict[str, Any] = {
        "n": args.n,
        "threads": args.threads,
        "app_workers": args.app_workers,
        "cpus": os.cpu_count(),
        "load_average_at_start": round(os.getloadavg()[0], 2),
    }
    with tempfile.TemporaryDirectory(prefix="partilha-bench-") as tmp_name:
        tmp = Path(tmp_name)
        url, drop = database(None, tmp)
        first = MeiliProcess(tmp / "meili-a").start()
        second = MeiliProcess(tmp / "meili-b", master_key=first.master_key).start()
        os.environ.update(
            {
                "PARTILHA_DATABASE_URL": url,
                "PARTILHA_MEILI_URL": first.url,
                "PARTILHA_MEILI_URLS": f"{first.url},{second.url}",  # searches ask `first` first
                "PARTILHA_MEILI_KEY": first.master_key,
                "PARTILHA_MEILI_INDEX_PREFIX": "bench",
                "PARTILHA_OUTBOX_WORKER": "true",
                "PARTILHA_ENV": "dev",
                **LIMITS,
            }
        )
        app = None
        try:
            migrate_fresh(url)
            actors = setup_world(args)
            port = free_port()
            app = start_app(port, tmp / "uvicorn.log", args.app_workers)
            figures.update(outage(args, f"http://127.0.0.1:{port}", first, actors))
        except Exception:
            log = (tmp / "uvicorn.log").read_text(errors="replace").splitlines()
            print("--- last lines of the app's log:\n" + "\n".join(log[-60:]), file=sys.stderr)
            raise
        finally:
            if app is not None:
                app.terminate()
                app.wait(timeout=30)
            first.stop()
            second.stop()
            drop()
    figures["load_average_at_end"] = round(os.getloadavg()[0], 2)
    for key, value in figures.items():
        print(f"{key:>32}: {value}")
    figures["targets_met"] = targets(figures)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
