"""Search benchmark: N synthetic published practices, the app under uvicorn, its own Meilisearch.

    .venv/bin/python bench/search.py                   # 20,000 practices, SQLite
    .venv/bin/python bench/search.py --n 2000          # a quick run
    .venv/bin/python bench/search.py --postgres postgresql://postgres@127.0.0.1:5432/postgres

Seeds through the database and the outbox (what curation writes), drains the outbox with the
real sync, then measures: median/p95 latency of a query mix (text; text + facets; facets only;
geo) through the API and directly against Meilisearch with the same query; throughput with 8
concurrent clients both ways; approval commit -> searchable (p50/p95, through the API, the
app's worker on); a replication's approval -> its practice found by `replicated = true`; a full
zero-downtime reindex with searches running. The last line is JSON.
Targets (2 cores): API median <= 1.5x direct, API throughput >= 0.6x direct, approval p95
<= 1 s, replication -> findable p95 <= 2 s, reindex of 20,000 <= 60 s."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PARTILHA_ARGON2_TIME_COST", "1")
os.environ.setdefault("PARTILHA_ARGON2_MEMORY_KIB", "1024")

import httpx  # noqa: E402

from app.cli import migrate_fresh  # noqa: E402
from app.search.server import MeiliProcess, free_port  # noqa: E402
from bench.search_corpus import Actors  # noqa: E402

H = {"Accept-Encoding": "identity"}  # gzip + chunked on kept-alive connections costs ~44 ms
MIX: dict[str, list[dict[str, Any]]] = {
    "text": [
        {"q": q}
        for q in (
            "refugiados",
            "casa de passagem",
            "capacitação profissional",
            "documentação CPF",
            "interiorização",
            "saúde mental",
        )
    ],
    "text_facets": [
        {"q": "acolhimento", "theme": ["moradia"]},
        {"q": "português", "uf": ["RR"]},
        {"q": "emprego", "theme": ["trabalho-renda"], "language": ["es"]},
        {"q": "mulheres", "audience": ["mulheres"], "uf": ["SP", "PR"]},
    ],
    "facets": [
        {"theme": ["saude"]},
        {"uf": ["AM"], "evidence_level": ["avaliada"]},
        {"language": ["ht"], "sort": "newest"},
        {"organisation_type": ["osc"]},
    ],
    "geo": [
        {"near": 1400100, "radius_km": 100},
        {"near": 3550308, "radius_km": 50, "q": "curso"},
        {"near": 4314902, "radius_km": 300, "sort": "newest"},
    ],
}


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def start_app(port: int, log: Path, workers: int) -> subprocess.Popen[bytes]:
    command = ["uvicorn", "app.main:create_app", "--factory", "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning"]
    proc = subprocess.Popen(
        [sys.executable, "-m", *command],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"the app did not start; see {log}")


class Targets:
    """The same queries sent to the API and, as the API would send them, to Meilisearch."""

    def __init__(self, api: str, meili: MeiliProcess):
        from sqlmodel import Session

        from app.config import get_settings
        from app.db import get_engine
        from app.municipalities import index_repository as repo
        from app.practices.index import PRACTICES
        from app.practices.search_models import PracticeQuery
        from app.practices.search_query import practice_search

        self.api, self.meili = api, meili
        self.uid = PRACTICES.uid(get_settings())
        self.direct: dict[str, list[dict[str, Any]]] = {}
        with Session(get_engine()) as session:
            for kind, queries in MIX.items():
                bodies = []
                for params in queries:
                    query = PracticeQuery(**params)
                    m = repo.municipalities(session, [query.near]).get(query.near or 0)
                    centre = (m.latitude, m.longitude) if m else None
                    bodies.append({"q": query.q, **practice_search(query, centre)})
                self.direct[kind] = bodies

    def clients(self) -> tuple[httpx.Client, httpx.Client]:
        auth = {"Authorization": f"Bearer {self.meili.master_key}", **H}
        return (
            httpx.Client(base_url=self.api, headers=H, timeout=30),
            httpx.Client(base_url=self.meili.url, headers=auth, timeout=30),
        )

    def call(self, target: str, kind: str, i: int, api: httpx.Client, direct: httpx.Client) -> None:
        if target == "api":
            response = api.get("/api/v1/search/practices", params=MIX[kind][i % len(MIX[kind])])
        else:
            body = self.direct[kind][i % len(self.direct[kind])]
            response = direct.post(f"/indexes/{self.uid}/search", json=body)
        response.raise_for_status()


def wait_idle(meili: MeiliProcess, timeout_s: float = 300) -> None:
    """Measure only once Meilisearch has no task left to process."""
    auth = {"Authorization": f"Bearer {meili.master_key}"}
    deadline = time.monotonic() + timeout_s
    params = {"statuses": "enqueued,processing", "limit": 1}
    while httpx.get(f"{meili.url}/tasks", params=params, headers=auth).json()["total"]:
        if time.monotonic() > deadline:
            raise RuntimeError("Meilisearch stayed busy")
        time.sleep(0.2)


def latency(t: Targets, rounds: int) -> dict[str, Any]:
    """API and direct calls alternate, so both see the same machine at the same moment."""
    api, direct = t.clients()
    out: dict[str, Any] = {}
    for kind in MIX:
        times: dict[str, list[float]] = {"api": [], "direct": []}
        for i in range(5):
            t.call("api", kind, i, api, direct)  # warm-up
            t.call("direct", kind, i, api, direct)
        for i in range(rounds):
            for target in ("api", "direct"):
                start = time.perf_counter()
                t.call(target, kind, i, api, direct)
                times[target].append((time.perf_counter() - start) * 1000)
        for target, values in times.items():
            out[f"{kind}_{target}_median_ms"] = round(statistics.median(values), 2)
            out[f"{kind}_{target}_p95_ms"] = round(pct(values, 95), 2)
        ratio = out[f"{kind}_api_median_ms"] / out[f"{kind}_direct_median_ms"]
        out[f"{kind}_ratio"] = round(ratio, 2)
    return out


def throughput(t: Targets, target: str, seconds: float, threads: int = 8) -> float:
    counts = [0] * threads
    stop = time.monotonic() + seconds

    def run(n: int) -> None:
        api, direct = t.clients()
        kinds = list(MIX)
        while time.monotonic() < stop:
            t.call(target, kinds[counts[n] % len(kinds)], counts[n], api, direct)
            counts[n] += 1

    workers = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return round(sum(counts) / seconds, 1)


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


def reindex_under_load(t: Targets) -> dict[str, Any]:
    from app.config import get_settings
    from app.db import get_engine
    from app.practices.index import PRACTICES
    from app.search.maintenance import reindex

    errors, searches, done = [0], [0], threading.Event()

    def search() -> None:
        api, direct = t.clients()
        while not done.is_set():
            try:
                t.call("api", "text", searches[0], api, direct)
                searches[0] += 1
            except httpx.HTTPError:
                errors[0] += 1

    thread = threading.Thread(target=search)
    thread.start()
    try:
        report = reindex(get_engine(), get_settings(), PRACTICES)
    finally:
        done.set()
        thread.join()
    return {
        "reindex_s": report.seconds,
        "reindex_docs": report.loaded,
        "searches_during_reindex": searches[0],
        "search_errors_during_reindex": errors[0],
    }


def database(args: argparse.Namespace, tmp: Path) -> tuple[str, Any]:
    """A fresh database URL and a cleanup function."""
    if not args.postgres:
        return f"sqlite:///{tmp / 'bench.sqlite'}", lambda: None
    from sqlalchemy import text

    from app.db import make_engine, normalise_url

    name = f"partilha_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(args.postgres).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return normalise_url(args.postgres).rpartition("/")[0] + f"/{name}", drop


def measure(args: argparse.Namespace, tmp: Path, meili: MeiliProcess) -> dict[str, Any]:
    from app.config import get_settings
    from app.db import get_engine
    from app.search.maintenance import setup
    from app.search.sync import sync_once
    from bench.search_corpus import seed

    figures: dict[str, Any] = {
        "n": args.n,
        "backend": "postgres" if args.postgres else "sqlite",
        "app_workers": args.app_workers,
        "load_average_at_start": round(os.getloadavg()[0], 2),
    }
    started = time.perf_counter()
    actors = Actors(get_engine())
    seed(get_engine(), args.n, user_id=actors.user_id)
    figures["seed_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    loaded = setup(get_engine(), get_settings()).loaded  # `partilha search setup`: bulk load
    figures["initial_load_s"] = round(time.perf_counter() - started, 1)
    figures["initial_load_docs"] = sum(loaded.values())
    started = time.perf_counter()
    result = sync_once(get_engine(), get_settings())  # the seeded outbox rows, as the worker would
    figures["outbox_drain_s"] = round(time.perf_counter() - started, 1)
    assert result.processed == args.n and result.failed == 0, result
    print(
        f"seeded {args.n} in {figures['seed_s']} s, bulk load {figures['initial_load_s']} s, "
        f"outbox of {args.n} drained in {figures['outbox_drain_s']} s"
    )
    port = free_port()
    app = start_app(port, tmp / "uvicorn.log", args.app_workers)
    try:
        targets = Targets(f"http://127.0.0.1:{port}", meili)
        wait_idle(meili)  # the app's first pass re-applies identical settings; let it finish
        figures.update(latency(targets, args.rounds))
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
        figures.update(reindex_under_load(targets))
    finally:
        app.terminate()
        app.wait(timeout=30)
    return figures


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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="partilha-bench-") as tmp_name:
        tmp = Path(tmp_name)
        url, drop = database(args, tmp)
        meili = MeiliProcess(tmp / "meili").start()
        os.environ.update(
            {
                "PARTILHA_DATABASE_URL": url,
                "PARTILHA_MEILI_URL": meili.url,
                "PARTILHA_MEILI_KEY": meili.master_key,
                "PARTILHA_MEILI_INDEX_PREFIX": "bench",
                "PARTILHA_OUTBOX_WORKER": "true",
                "PARTILHA_ENV": "dev",
                # It measures speed: the per-address search budget would answer 429 instead.
                "PARTILHA_RATE_LIMITS_ENABLED": "false",
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
    figures["targets_met"] = {
        "api_median_le_1_5x_direct": all(figures[f"{k}_ratio"] <= 1.5 for k in MIX),
        "api_throughput_ge_0_6x_direct": figures["throughput_ratio"] >= 0.6,
        "approval_p95_le_1s": figures["approval_to_searchable_p95_ms"] <= 1000,
        "replication_findable_p95_le_2s": figures["replication_to_findable_p95_ms"] <= 2000,
        "reindex_le_60s": figures["reindex_s"] <= 60 * max(args.n, 1) / 20_000,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
