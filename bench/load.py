"""Load benchmark: 32 concurrent clients for 60 s against ONE app process on PostgreSQL with a
real Meilisearch — 80% search, 10% practice pages, 5% submissions, 5% curation decisions.

    .venv/bin/python bench/load.py                      # full run (~3 min with the set-up)
    .venv/bin/python bench/load.py --quick              # smoke run: 8 clients, 10 s
    .venv/bin/python bench/load.py --postgres postgresql://user@host:5432/postgres

Builds its own world (bench/load_world.py): a scratch database (dropped at the end) with the
IBGE reference, the demo data and --practices published practices, its own Meilisearch in sync,
one uvicorn process (outbox worker on, abuse limits on with budgets sized for the benchmark),
tokens from the token endpoint and a curation queue of submitted practices. Then: the mixed
run (after a warm-up that is not counted); then the same clients searching only, through the
app and straight to Meilisearch with the body the app would send (in alternating slices, so
both see the same machine).
Prints per-operation counts, throughput, p50/p95/p99, errors (first samples), the app's RSS
growth after warm-up, CPU seconds of each process (and CPU ms per search), and each target
with PASS/MISS. Exits 0 whatever the figures; non-zero only if the set-up fails. The clients
are closed-loop (next request when the answer arrives) unless --think-ms is given; they use a
lean HTTP client (bench/load_http.py) so they take little CPU from what they measure.

Each approval in the mixed run is watched until its document is in Meilisearch (approval ->
searchable under load).

Targets: zero errors; searching only, the app's search p95 <= 1.3x Meilisearch's own p95 at the
same concurrency; search throughput in the mixed run >= 0.5x the same clients straight to
Meilisearch; approval -> searchable p95 <= 500 ms under the mixed load; app RSS growth <= 10%."""

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import deque
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load_latency, load_report, profiling  # noqa: E402
from bench import load_world as world  # noqa: E402
from bench.load_http import Answer, Client, HttpError  # noqa: E402
from bench.load_report import Stats  # noqa: E402

ADMIN_URL = os.environ.get(
    "PARTILHA_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)
MIX = {"search": 80, "page": 10, "submit": 5, "curate": 5}
CHECKLIST: dict[str, str] = {}  # filled once the catalog is loaded
TICK = os.sysconf("SC_CLK_TCK")
SLICES = 4  # the search-only baselines alternate app / Meilisearch this many times


def queries(count: int, seed: int = 3) -> list[dict[str, Any]]:
    """Search parameters as the public site sends them: words from the seeded content, a theme
    or a UF sometimes, near a municipality now and then, pages 1-3."""
    from bench.search_corpus import ACTIONS, HOTSPOTS, SUBJECTS

    rng, words, themes = random.Random(seed), world.vocabulary(), world.themes()
    ufs = ["RR", "AM", "SP", "PR", "SC", "RS", "DF", "PA", "RJ", "MG", "BA", "PE"]
    out = []
    for _ in range(count):
        shape, params = rng.random(), {}  # type: float, dict[str, Any]
        if shape < 0.45:
            params["q"] = rng.choice(words)
        elif shape < 0.70:
            params["q"] = " ".join(rng.sample(words, 2))
        elif shape < 0.85:
            params["q"] = rng.choice(ACTIONS + SUBJECTS).lower()
        if params.get("q") and rng.random() < 0.1:  # a typo: one letter dropped
            q, cut = params["q"], rng.randrange(1, len(params["q"]))
            params["q"] = q[:cut] + q[cut + 1 :]
        if rng.random() < 0.25:
            params["theme"] = [rng.choice(themes)]
        if rng.random() < 0.20:
            params["uf"] = [rng.choice(ufs)]
        if rng.random() < 0.05:
            params.update(near=rng.choice(HOTSPOTS), radius_km=100)
        if rng.random() < 0.10:
            params["sort"] = "newest"
        params["page"] = rng.choices([1, 2, 3], weights=[70, 20, 10])[0]
        out.append(params)
    return out


def direct_bodies(params: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The body the app sends Meilisearch for each query (same filter, facets, page, crop)."""
    from app.municipalities.search import reference_points
    from app.practices.search_models import PracticeQuery
    from app.practices.search_query import practice_search

    bodies = []
    for p in params:
        query = PracticeQuery(**p)
        centre = reference_points().get(query.near) if query.near else None
        bodies.append({"q": query.q, **practice_search(query, centre)})
    return bodies


class Failed(Exception):
    pass


def check(answer: Answer) -> Answer:
    if answer.status_code >= 400:
        raise Failed(f"{answer.method} {answer.path} -> {answer.status_code} {answer.text[:200]!r}")
    return answer


class Driver:
    """Closed-loop clients: each sends one operation, waits for the answer, sends the next."""

    def __init__(self, w: world.World, probe: "Probe", search: list[dict[str, Any]]):
        from app.practices.index import PRACTICES

        self.w, self.probe, self.search, self.bodies = w, probe, search, direct_bodies(search)
        self.think_s = 0.0
        self.uid = PRACTICES.uid(world.get_settings())
        self.queue = deque(w.queue)
        self.submitted = 0
        self.watching: set[asyncio.Task[None]] = set()
        self.approvals: list[tuple[float, float]] = []  # (approved at, ms until searchable)
        self.watched: list[tuple[float, load_latency.Watched]] = []  # (approved at, wall clock)
        self.app: Client | None = None  # one pool per host, made by each run
        self.meili: Client | None = None

    async def op(self, kind: str, n: int, rng: random.Random) -> bool:
        """One operation; False when there was nothing to do (empty curation queue)."""
        http, meili = self.app, self.meili
        assert http is not None and meili is not None
        if kind == "search":
            check(
                await http.get("/api/v1/search/practices", params=self.search[n % len(self.search)])
            )
        elif kind == "direct":
            body = self.bodies[n % len(self.bodies)]
            check(await meili.post(f"/indexes/{self.uid}/search", json=body))
        elif kind == "page":
            check(await http.get(f"/praticas/{rng.randint(1, self.w.practices)}"))
        elif kind == "submit":
            owner = self.w.contributors[n % len(self.w.contributors)]
            self.submitted += 1
            body = world.submission(rng, 200_000 + self.submitted)
            created = check(await http.post("/api/v1/practices", json=body, headers=owner)).json()
            check(await http.post(f"/api/v1/practices/{created['id']}/submit", headers=owner))
            self.queue.append((created["id"], created["revision"]["id"]))
        elif kind == "curate":
            if not self.queue:
                return False
            pid, rid = self.queue.popleft()
            curator = self.w.curators[n % len(self.w.curators)]
            path = f"/api/v1/curation/practices/{pid}"
            check(await http.post(f"{path}/claim", headers=curator))
            decision: dict[str, Any] = {
                "revision_id": rid,
                "outcome": "approve",
                "checklist": CHECKLIST,
            }
            if rng.random() < 0.2:
                decision = {
                    "revision_id": rid,
                    "outcome": "request_changes",
                    "reason": "Descreva os resultados observados.",
                }
            check(await http.post(f"{path}/decisions", json=decision, headers=curator))
            if decision["outcome"] == "approve":
                approved = time.perf_counter(), time.time()
                self.watching.add(asyncio.create_task(self.searchable(pid, *approved)))
        return True

    async def searchable(self, pid: int, approved: float, wall: float) -> None:
        """Approval -> the document in Meilisearch, polled every 20 ms (10 s at most)."""
        assert self.meili is not None
        meili = self.meili
        while time.perf_counter() - approved < 10:
            try:
                found = await meili.get(f"/indexes/{self.uid}/documents/{pid}")
            except HttpError:
                found = None
            if found is not None and found.status_code == 200:
                self.approvals.append((approved, (time.perf_counter() - approved) * 1000))
                self.watched.append((approved, load_latency.Watched(pid, wall, time.time())))
                return
            await asyncio.sleep(0.02)
        self.approvals.append((approved, float("inf")))

    async def client(
        self,
        n: int,
        mix: dict[str, int],
        window: tuple[float, float],
        stats: Stats,
    ) -> None:
        rng, kinds, weights = random.Random(1000 + n), list(mix), list(mix.values())
        i = n * 7919  # each client walks the query list from its own place
        while (started := time.perf_counter()) < window[1]:
            kind = rng.choices(kinds, weights)[0]
            i += 1
            try:
                did = await self.op(kind, i, rng)
                error = None
            except (Failed, HttpError, KeyError, ValueError) as exc:
                did, error = True, f"{type(exc).__name__}: {exc}"
            if started < window[0]:
                pass  # warm-up: not counted
            elif not did:
                stats.starved += 1
            elif error:
                stats.fail(kind, error)
            else:
                stats.ok(kind, (time.perf_counter() - started) * 1000)
            if self.think_s:  # a person reading the answer before the next click
                await asyncio.sleep(rng.expovariate(1 / self.think_s))

    async def watch(self, window: tuple[float, float], stats: Stats) -> None:
        """CPU of each process over the measured window; the app's RSS every half second."""
        await asyncio.sleep(max(0.0, window[0] - time.perf_counter()))
        before = self.probe.cpu()
        while time.perf_counter() < window[1]:
            stats.rss_kib.append(rss_kib(self.probe.app))
            await asyncio.sleep(min(0.5, max(0.0, window[1] - time.perf_counter())))
        after = self.probe.cpu()
        stats.rss_kib.append(rss_kib(self.probe.app))
        stats.cpu_s = {k: round(after[k] - before[k], 2) for k in after}

    async def run(self, mix: dict[str, int], clients: int, warmup: float, seconds: float) -> Stats:
        stats = Stats(seconds)
        auth = {"Authorization": f"Bearer {self.w.meili.master_key}"}
        self.app = Client(self.w.api, world.H, clients)
        self.meili = Client(self.w.meili.url, {**world.H, **auth}, clients)
        start = time.perf_counter()
        window = (start + warmup, start + warmup + seconds)
        try:
            await asyncio.gather(
                self.watch(window, stats),
                *(self.client(n, mix, window, stats) for n in range(clients)),
            )
            if self.watching:
                await asyncio.gather(*self.watching)
                self.watching.clear()
            stats.approvals = [ms for at, ms in self.approvals if window[0] <= at <= window[1]]
            stats.watched = [w for at, w in self.watched if window[0] <= at <= window[1]]
            self.approvals.clear()
            self.watched.clear()
        finally:
            await self.app.aclose()
            await self.meili.aclose()
        return stats


async def mail_sent(timeout_s: float = 120) -> None:
    """The mail the mixed run's submissions and decisions wrote, delivered by the app's mail
    worker before searching only: delivering it took a fifth of the app's CPU in that phase."""
    from sqlmodel import Session, func, select

    from app.db import get_engine
    from app.mail.models import MailMessage, MailStatus

    pending = select(func.count()).where(MailMessage.status == MailStatus.pending)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with Session(get_engine()) as session:
            if not session.exec(pending).one():
                return
        await asyncio.sleep(0.5)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def postgres_cpu_s() -> float:
    """Every PostgreSQL process's CPU, plus what the postmaster has collected from its children
    that ended (a backend's CPU goes to its parent when it exits). The whole server: the
    benchmark's database is the only busy one."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended while we looked
            continue
        name, fields = text[text.index("(") + 1 : text.rindex(")")], text.rsplit(")", 1)[1].split()
        if name != "postgres":
            continue
        total += int(fields[11]) + int(fields[12])
        if fields[1] == "1" or not _is_postgres(fields[1]):  # the postmaster
            total += int(fields[13]) + int(fields[14])  # cutime + cstime
    return total / TICK


def _is_postgres(pid: str) -> bool:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip() == "postgres"
    except OSError:
        return False


@dataclass
class Probe:
    """CPU seconds so far of the app, Meilisearch, PostgreSQL and this client (which share the
    machine)."""

    app: int
    meili: int

    def cpu(self) -> dict[str, float]:
        own = os.times()
        return {
            "app": cpu_s(self.app),
            "meilisearch": cpu_s(self.meili),
            "postgresql": postgres_cpu_s(),
            "client": own.user + own.system,
        }


async def measure(
    args: argparse.Namespace, w: world.World, app: subprocess.Popen[bytes], setup: dict[str, Any]
) -> dict[str, Any]:
    CHECKLIST.update(
        {c.id: "yes" for c in world.get_catalog().criteria_for("practice") if c.required}
    )
    assert w.meili.proc is not None
    driver = Driver(w, Probe(app.pid, w.meili.proc.pid), queries(500))
    driver.think_s = args.think_ms / 1000
    started = time.perf_counter()
    with ExitStack() as stack:
        if args.profile:  # the app's CPU in the mixed run, warm-up included
            stack.enter_context(profiling.profiled(app.pid, Path(args.profile), "mixed"))
        mixed = await driver.run(MIX, args.clients, args.warmup, args.duration)
    print(
        f"mixed run done in {time.perf_counter() - started:.1f} s; now the same clients "
        "searching only, the app and Meilisearch in turns"
    )
    await mail_sent()
    # Alternating slices: both see the same machine (others' load comes and goes).
    app_only, direct = Stats(0), Stats(0)
    with ExitStack() as stack:
        if args.profile:  # the app's CPU while searching only (its idle turns are left out)
            stack.enter_context(profiling.profiled(app.pid, Path(args.profile), "search_only"))
        for _ in range(SLICES):
            slice_s = args.baseline / SLICES
            app_only.merge(await driver.run({"search": 1}, args.clients, 1.0, slice_s))
            direct.merge(await driver.run({"direct": 1}, args.clients, 1.0, slice_s))
    if args.profile:
        for phase in ("mixed", "search_only"):
            print(f"py-spy, {phase}:", profiling.summary(Path(args.profile) / f"{phase}.txt"))
    phases = load_latency.breakdown(mixed.watched, w.meili.url, w.meili.master_key, driver.uid)
    return load_report.report(args, setup, mixed, app_only, direct, phases)


# The run's numeric options: name, type, default, help (--quick shortens the run).
NUMBERS: tuple[tuple[str, type, float, str], ...] = (
    ("--clients", int, 32, "concurrent clients"),
    ("--duration", float, 60.0, "measured seconds"),
    ("--warmup", float, 10.0, "seconds before measuring"),
    ("--baseline", float, 20.0, "seconds of search-only runs, for the app and Meilisearch each"),
    ("--practices", int, 3000, "published practices seeded"),
    ("--queue", int, 0, "submitted practices pre-filled for curation (default: 12 per client)"),
    ("--think-ms", float, 0.0, "mean pause of each client between operations (0: saturate)"),
    ("--contributors", int, 8, "contributor accounts the submissions come from"),
    ("--curators", int, 4, "curator accounts the decisions come from"),
)


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--postgres",
        default=ADMIN_URL,
        help="admin URL (env PARTILHA_BENCH_POSTGRES); a scratch database is made and dropped",
    )
    for name, kind, default, explained in NUMBERS:
        parser.add_argument(name, type=kind, default=kind(default), help=explained)
    parser.add_argument(
        "--profile", help="folder for py-spy's flame graphs, mixed run and searching only"
    )
    parser.add_argument(
        "--quick", action="store_true", help="8 clients, 10 s, 3 s warm-up, 5 s baselines"
    )
    args = parser.parse_args()
    if args.quick:
        args.clients, args.duration, args.warmup, args.baseline = 8, 10.0, 3.0, 5.0
        args.practices = min(args.practices, 2000)
    args.queue = args.queue or 12 * args.clients
    return args


def run_loop(main: Any) -> Any:
    """uvloop when it is there (uvicorn[standard] brings it): less CPU taken from the app."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)


def main() -> None:
    args = parse()
    with tempfile.TemporaryDirectory(prefix="partilha-load-") as tmp, ExitStack() as cleanup:
        w, app, setup = world.build(args, Path(tmp), cleanup)
        figures = run_loop(measure(args, w, app, setup))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
