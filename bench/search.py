"""Search benchmark: N synthetic published practices, the app under uvicorn, its own Meilisearch.

    .venv/bin/python bench/search.py                   # 20,000 practices, SQLite
    .venv/bin/python bench/search.py --n 2000          # a quick run
    .venv/bin/python bench/search.py --postgres postgresql://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/search.py --profile DIR     # py-spy flame graph of the API throughput

Seeds through the database and the outbox (what curation writes), drains the outbox with the
real sync, then measures, side by side in one run: median/p95 latency of each query kind (plain,
typo, faceted, filtered by UF, near a municipality) through the API and straight to Meilisearch
with the same query; throughput with 8 concurrent clients both ways; approval commit ->
searchable (through the API, the app's worker on); a replication's approval -> its practice
found by `replicated = true`; a practice approved right after a 100,000-row capacity import's
events (the bulk lane) -> searchable; a zero-downtime reindex with searches running, against
the time Meilisearch takes to index the same documents sent to it directly. The app runs with
its abuse limits on and budgets sized for the benchmark (bench/env.py). Prints each target with
PASS/MISS; the last line is JSON. Exits 0 whatever the figures (non-zero only when the run
itself fails)."""

import argparse
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.env import FAST_HASHING, LIMITS, print_targets  # noqa: E402

os.environ.update(FAST_HASHING)

import httpx  # noqa: E402

from app.cli import migrate_fresh  # noqa: E402
from app.search.server import MeiliProcess, free_port  # noqa: E402
from bench import profiling  # noqa: E402
from bench.search_corpus import Actors  # noqa: E402
from bench.search_targets import (  # noqa: E402
    MIX,
    Targets,
    database,
    latency,
    pct,
    start_app,
    throughput,
    wait_idle,
)

RATIO = 1.3  # API median <= 1.3x direct, every kind
THROUGHPUT = 0.8  # API >= 0.8x direct
APPROVAL_P95_MS = 500.0
APPROVAL_AFTER_BULK_MS = 1000.0
REINDEX_RATIO = 1.5


def approval_latency(t: Targets, actors: Actors, count: int) -> list[float]:
    api, direct = t.clients()
    delays = []
    for n in range(count):
        token = f"zq{n}x{uuid.uuid4().hex[:6]}"
        pid, rid = actors.in_review(api, token)
        committed = actors.approve(api, pid, rid)
        while not direct.post(f"/indexes/{t.uid}/search", json={"q": token}).json()["hits"]:
            if time.perf_counter() - committed > 10:
                raise RuntimeError(f"approval {n} not searchable after 10 s")
            time.sleep(0.005)
        delays.append((time.perf_counter() - committed) * 1000)
    return delays


def replication_latency(t: Targets, actors: Actors, count: int) -> list[float]:
    """A replication's approval -> its practice found by the search filter replicated = true
    (the practice re-indexes through the outbox)."""
    api, direct = t.clients()
    delays = []
    for n in range(count):
        token = f"zr{n}x{uuid.uuid4().hex[:6]}"
        pid, rid = actors.in_review(api, token)
        actors.approve(api, pid, rid)
        replication, revision = actors.replication_in_review(api, pid)
        committed = actors.approve(api, replication, revision, "replications")
        found = {"q": token, "filter": ["replicated = true"], "limit": 1}
        while not direct.post(f"/indexes/{t.uid}/search", json=found).json()["hits"]:
            if time.perf_counter() - committed > 10:
                raise RuntimeError(f"replication {n} not findable after 10 s")
            time.sleep(0.005)
        delays.append((time.perf_counter() - committed) * 1000)
    return delays


def approval_after_bulk(t: Targets, actors: Actors, rows: int) -> float:
    """A practice approved right after a capacity import's `rows` outbox events (the bulk lane,
    written as the import writes them): milliseconds until it is searchable."""
    from sqlmodel import Session, select

    from app.db import get_engine
    from app.municipalities.models import Municipality
    from app.outbox.models import EntityType
    from app.outbox.service import enqueue_many

    api, direct = t.clients()
    token = f"zb{uuid.uuid4().hex[:8]}"
    pid, rid = actors.in_review(api, token)
    with Session(get_engine()) as session:
        codes = list(session.exec(select(Municipality.ibge_code)))
        enqueue_many(
            session,
            EntityType.municipality,
            (codes * (rows // len(codes) + 1))[:rows],
            "capacity.reported",
        )
        session.commit()
    committed = actors.approve(api, pid, rid)
    while not direct.post(f"/indexes/{t.uid}/search", json={"q": token}).json()["hits"]:
        if time.perf_counter() - committed > 60:
            raise RuntimeError("the approval after the import was not searchable after 60 s")
        time.sleep(0.005)
    return (time.perf_counter() - committed) * 1000


def direct_indexing_s(t: Targets) -> tuple[float, int, int]:
    """Meilisearch's own time for the practices: the documents the reindex sends, built
    beforehand, sent straight to a new index with the same settings, in the same batches and
    the same JSON, with the same searches running as during the reindex (they take their
    share of the two cores on both sides). Seconds, documents, searches that failed."""
    from app.config import get_settings
    from app.db import get_engine
    from app.practices.index import PRACTICES
    from app.search import indexer
    from app.search.client import make_client, wait

    batches = [list(d.values()) for d in indexer.document_batches(get_engine(), PRACTICES, 2000)]
    client, uid = make_client(get_settings()), "bench_direct_practices"
    with searching(t) as counts:
        started = time.perf_counter()
        indexer.create_index(client, uid, PRACTICES)
        tasks = [indexer.send(client, uid, PRACTICES, b) for b in batches if b]
        for task in tasks:
            wait(client, task, 600_000)  # a busy machine: all of them may be one long batch
        seconds = time.perf_counter() - started
    indexer.drop(client, uid)
    return seconds, sum(len(b) for b in batches), counts["errors"]


def wait_drained(timeout_s: float = 600) -> None:
    """The bulk lane emptied by the app's worker (the reindex is measured on a quiet outbox)."""
    from sqlmodel import Session, col, func, select

    from app.db import get_engine
    from app.outbox.models import OutboxEvent

    deadline = time.monotonic() + timeout_s
    pending = select(func.count()).where(col(OutboxEvent.processed_at).is_(None))
    while True:
        with Session(get_engine()) as session:
            if not session.exec(pending).one():
                return
        if time.monotonic() > deadline:
            raise RuntimeError("the outbox did not drain")
        time.sleep(0.5)


@contextmanager
def searching(t: Targets) -> Iterator[dict[str, int]]:
    """One client searching through the API while the block runs: {searches, errors}."""
    counts, done = {"searches": 0, "errors": 0}, threading.Event()

    def search() -> None:
        api, direct = t.clients()
        while not done.is_set():
            try:
                t.call("api", "plain", counts["searches"], api, direct)
                counts["searches"] += 1
            except httpx.HTTPError:
                counts["errors"] += 1

    thread = threading.Thread(target=search)
    thread.start()
    try:
        yield counts
    finally:
        done.set()
        thread.join()


def reindex_under_load(t: Targets) -> dict[str, Any]:
    from app.config import get_settings
    from app.db import get_engine
    from app.practices.index import PRACTICES
    from app.search.maintenance import reindex

    with searching(t) as counts:
        report = reindex(get_engine(), get_settings(), PRACTICES)
    wait_idle(t.meili)
    direct_s, direct_docs, direct_errors = direct_indexing_s(t)
    return {
        "reindex_s": report.seconds,
        "reindex_docs": report.loaded,
        "reindex_direct_s": round(direct_s, 2),
        "reindex_direct_docs": direct_docs,
        "reindex_ratio": round(report.seconds / direct_s, 2),
        "searches_during_reindex": counts["searches"],
        "reindex_search_failures": counts["errors"],
        "search_failures_during_direct": direct_errors,
    }


def seed_and_index(n: int, figures: dict[str, Any]) -> Actors:
    from app.config import get_settings
    from app.db import get_engine
    from app.search.maintenance import setup
    from app.search.sync import sync_once
    from bench.search_corpus import seed

    started = time.perf_counter()
    actors = Actors(get_engine())
    seed(get_engine(), n, user_id=actors.user_id)
    figures["seed_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    loaded = setup(get_engine(), get_settings()).loaded  # `partilha search setup`: bulk load
    figures["initial_load_s"] = round(time.perf_counter() - started, 1)
    figures["initial_load_docs"] = sum(loaded.values())
    started = time.perf_counter()
    result = sync_once(get_engine(), get_settings())  # the seeded outbox rows, as the worker would
    figures["outbox_drain_s"] = round(time.perf_counter() - started, 1)
    assert result.processed == n and result.failed == 0, result
    print(
        f"seeded {n} in {figures['seed_s']} s, bulk load {figures['initial_load_s']} s, "
        f"outbox of {n} drained in {figures['outbox_drain_s']} s"
    )
    return actors


def measure(args: argparse.Namespace, tmp: Path, meili: MeiliProcess) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "n": args.n,
        "backend": "postgres" if args.postgres else "sqlite",
        "app_workers": args.app_workers,
        "cpus": os.cpu_count(),
        "load_average_at_start": round(os.getloadavg()[0], 2),
    }
    actors = seed_and_index(args.n, figures)
    port = free_port()
    app = start_app(port, tmp / "uvicorn.log", args.app_workers)
    try:
        targets = Targets(f"http://127.0.0.1:{port}", meili)
        wait_idle(meili)  # the app's first pass re-applies identical settings; let it finish
        figures.update(latency(targets, args.rounds))
        if args.profile:
            with profiling.profiled(app.pid, Path(args.profile), "search_api"):
                figures["throughput_api_rps"] = throughput(targets, "api", args.seconds)
        else:
            figures["throughput_api_rps"] = throughput(targets, "api", args.seconds)
        figures["throughput_direct_rps"] = throughput(targets, "direct", args.seconds)
        figures["throughput_ratio"] = round(
            figures["throughput_api_rps"] / figures["throughput_direct_rps"], 2
        )
        delays = approval_latency(targets, actors, args.approvals)
        figures["approval_to_searchable_p50_ms"] = round(pct(delays, 50), 1)
        figures["approval_to_searchable_p95_ms"] = round(pct(delays, 95), 1)
        delays = replication_latency(targets, actors, max(args.approvals // 2, 1))
        figures["replication_to_findable_p95_ms"] = round(pct(delays, 95), 1)
        figures["approval_after_bulk_ms"] = round(
            approval_after_bulk(targets, actors, args.bulk_rows), 1
        )
        wait_drained()
        figures.update(reindex_under_load(targets))
    except Exception:
        log = (tmp / "uvicorn.log").read_text(errors="replace").splitlines()
        print("--- last lines of the app's log:\n" + "\n".join(log[-60:]), file=sys.stderr)
        raise
    finally:
        app.terminate()
        app.wait(timeout=30)
    figures["load_average_at_end"] = round(os.getloadavg()[0], 2)
    return figures


def targets(figures: dict[str, Any]) -> dict[str, bool]:
    """Each target with PASS/MISS, printed; returned for the JSON line."""
    rows = [(f"{k}_ratio <= {RATIO}", f"{k}_ratio", figures[f"{k}_ratio"] <= RATIO) for k in MIX]
    rows += [
        (
            f"throughput_ratio >= {THROUGHPUT}",
            "throughput_ratio",
            figures["throughput_ratio"] >= THROUGHPUT,
        ),
        (
            f"approval_to_searchable_p95_ms <= {APPROVAL_P95_MS:.0f}",
            "approval_to_searchable_p95_ms",
            figures["approval_to_searchable_p95_ms"] <= APPROVAL_P95_MS,
        ),
        (
            f"approval_after_bulk_ms <= {APPROVAL_AFTER_BULK_MS:.0f}",
            "approval_after_bulk_ms",
            figures["approval_after_bulk_ms"] <= APPROVAL_AFTER_BULK_MS,
        ),
        (
            f"reindex_ratio <= {REINDEX_RATIO}",
            "reindex_ratio",
            figures["reindex_ratio"] <= REINDEX_RATIO,
        ),
        (
            "reindex_search_failures == 0",
            "reindex_search_failures",
            figures["reindex_search_failures"] == 0,
        ),
    ]
    return print_targets(rows, figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--postgres", help="admin URL; a scratch database is created and dropped")
    parser.add_argument("--rounds", type=int, default=40, help="latency samples per query kind")
    parser.add_argument("--seconds", type=float, default=10.0, help="per throughput run")
    parser.add_argument("--approvals", type=int, default=20)
    parser.add_argument(
        "--app-workers", type=int, default=2, help="uvicorn processes (one per core)"
    )
    parser.add_argument("--profile", help="folder for py-spy's flame graph of the API phase")
    parser.add_argument(
        "--bulk-rows", type=int, default=100_000, help="capacity-import events before an approval"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="partilha-bench-") as tmp_name:
        tmp = Path(tmp_name)
        url, drop = database(args.postgres, tmp)
        meili = MeiliProcess(tmp / "meili").start()
        os.environ.update(
            {
                "PARTILHA_DATABASE_URL": url,
                "PARTILHA_MEILI_URL": meili.url,
                "PARTILHA_MEILI_KEY": meili.master_key,
                "PARTILHA_MEILI_INDEX_PREFIX": "bench",
                "PARTILHA_OUTBOX_WORKER": "true",
                "PARTILHA_ENV": "dev",
                **LIMITS,
            }
        )
        try:
            migrate_fresh(url)
            figures = measure(args, tmp, meili)
        finally:
            meili.stop()
            drop()
    for key, value in figures.items():
        print(f"{key:>36}: {value}")
    figures["targets_met"] = targets(figures)
    if args.profile:
        print("\nwhere the app's time goes (API throughput phase):")
        print(profiling.summary(Path(args.profile) / "search_api.txt"))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
