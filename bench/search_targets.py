"""What bench/search.py sends: the query mix by kind, the same query through the API and straight
to Meilisearch, latency and throughput side by side. Nothing here runs when the file is executed
on its own (`make bench` runs bench/*.py)."""

import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from app.search.server import MeiliProcess

ROOT = Path(__file__).resolve().parent.parent
H = {"Accept-Encoding": "identity"}  # gzip + chunked on kept-alive connections costs ~44 ms
# The app's first seconds after its start (its workers' first passes, what loads on first use)
# made the first query kind measured, plain, 1.43x in one round and 1.22-1.23x in the next two:
# the latencies are taken after this long of every kind, both ways.
WARMUP_S = 3.0
# The query kinds: each gets its own API / direct ratio.
MIX: dict[str, list[dict[str, Any]]] = {
    "plain": [
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
    "typo": [
        {"q": q}
        for q in ("refujiados", "capacitasão", "interiorisação", "documentasão", "acolhimnto")
    ],
    "faceted": [
        {"q": "acolhimento", "theme": ["moradia"]},
        {"q": "emprego", "theme": ["trabalho-renda"], "language": ["es"]},
        {"theme": ["saude"]},
        {"language": ["ht"], "sort": "newest"},
        {"organisation_type": ["osc"], "evidence_level": ["avaliada"]},
    ],
    "uf": [
        {"q": "português", "uf": ["RR"]},
        {"uf": ["AM"]},
        {"q": "mulheres", "uf": ["SP", "PR"]},
        {"uf": ["RS"], "sort": "newest"},
    ],
    "near": [
        {"near": 1400100, "radius_km": 100},
        {"near": 3550308, "radius_km": 50, "q": "curso"},
        {"near": 4314902, "radius_km": 300, "sort": "newest"},
    ],
}


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def start_app(port: int, log: Path, workers: int) -> subprocess.Popen[bytes]:
    """uvicorn as scripts/start.sh runs it (httptools, uvloop), `workers` processes."""
    command = ["uvicorn", "app.main:create_app", "--factory", "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning"]
    command += ["--http", "httptools", "--loop", "uvloop", "--no-access-log"]
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
        from app.config import get_settings
        from app.municipalities.search import reference_points
        from app.practices.index import PRACTICES
        from app.practices.search_models import PracticeQuery
        from app.practices.search_query import practice_search

        self.api, self.meili = api, meili
        self.uid = PRACTICES.uid(get_settings())
        self.direct: dict[str, list[dict[str, Any]]] = {}
        for kind, queries in MIX.items():
            bodies = []
            for params in queries:
                query = PracticeQuery(**params)
                centre = reference_points().get(query.near) if query.near else None
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
    warm_until, n = time.monotonic() + WARMUP_S, 0
    while time.monotonic() < warm_until:
        for target in ("api", "direct"):
            t.call(target, list(MIX)[n % len(MIX)], n, api, direct)
        n += 1
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


def database(postgres: str | None, tmp: Path) -> tuple[str, Any]:
    """A fresh database URL and a cleanup function."""
    if not postgres:
        return f"sqlite:///{tmp / 'bench.sqlite'}", lambda: None
    from sqlalchemy import text

    from app.db import make_engine, normalise_url

    name = f"partilha_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(postgres).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return normalise_url(postgres).rpartition("/")[0] + f"/{name}", drop
