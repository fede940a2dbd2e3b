"""The world bench/load.py runs against: a scratch PostgreSQL database with the IBGE reference,
the demo data, N published practices, contributors and curators, a queue of submitted
practices, its own Meilisearch in sync, and ONE uvicorn app process (worker on, abuse
limits on with the benchmark's budgets). Nothing here runs when the file is executed on its
own (`make bench` runs bench/*.py)."""

import os
import random
import re
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlmodel import Session

from app.accounts import service as accounts
from app.accounts.models import OrganisationCreate, Role, UserCreate
from app.catalog.loader import get_catalog
from app.config import get_settings
from app.db import get_engine
from app.practices import service as practices
from app.practices.models import PracticeCreate
from app.search.server import MeiliProcess, free_port

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the app and bench packages, whoever imports this first

from bench import search_corpus as corpus  # noqa: E402
from bench.env import FAST_HASHING, LIMITS  # noqa: E402

PASSWORD = "senha-do-benchmark-de-carga"
H = {"Accept-Encoding": "identity"}  # gzip + chunked on kept-alive connections costs ~44 ms
STOP_WORDS = {"entre", "sobre", "foram", "outros", "possam", "acontecem", "feito", "forma"}


@dataclass
class World:
    api: str
    meili: MeiliProcess
    practices: int
    contributors: list[dict[str, str]] = field(default_factory=list)  # bearer headers
    curators: list[dict[str, str]] = field(default_factory=list)
    queue: list[tuple[int, int]] = field(default_factory=list)  # submitted (practice, revision)


def database_url(admin_url: str) -> tuple[str, Any]:
    """A fresh PostgreSQL database and the function that drops it."""
    from bench.search_targets import database

    return database(admin_url, Path("/nonexistent"))


def submission(rng: random.Random, n: int) -> dict[str, Any]:
    """A practice as a contributor sends it (the corpus's content, the general template)."""
    body = corpus.content(rng, corpus.HOTSPOTS, n)
    body.update(template="geral", details={"implementation_stage": "consolidada"})
    body["title"] = body["title"].replace(" nº ", " — envio ")
    return body


def vocabulary() -> list[str]:
    """Words users would type, taken from the seeded content."""
    text = " ".join(corpus.ACTIONS + corpus.SUBJECTS + corpus.SENTENCES).lower()
    words = {w for w in re.findall(r"[^\W\d_]{5,}", text) if w not in STOP_WORDS}
    return sorted(words)


def seed(n: int, contributors: int, curators: int) -> tuple[list[Any], list[Any]]:
    """Accounts, n published practices (bulk, with their outbox rows) and the demo data."""
    from app.assembly import assemble
    from app.demo.loader import load_demo

    assemble()  # the services check places and kinds the domains register, as in the app
    engine = get_engine()
    with Session(engine, expire_on_commit=False) as session:
        orgs = [
            accounts.create_organisation(
                session, OrganisationCreate(name=f"Carga Acolhida {i}", type="osc", uf="RR")
            )
            for i in range((contributors + 1) // 2)
        ]
        users = {Role.contributor: [], Role.curator: []}  # type: dict[Role, list[Any]]
        for role, count in ((Role.contributor, contributors), (Role.curator, curators)):
            for i in range(count):
                org = orgs[i % len(orgs)].name if role == Role.contributor else None
                spec = UserCreate(
                    email=f"{role.value}{i}@carga.example.org",
                    name=f"{role.value} {i}",
                    password=PASSWORD,
                    role=role,
                    organisation=org,
                )
                users[role].append(accounts.create_user(session, spec))
    corpus.seed(engine, n, user_id=users[Role.contributor][0].id or 0)
    with Session(engine, expire_on_commit=False) as session:
        load_demo(session)
    return users[Role.contributor], users[Role.curator]


def fill_queue(owners: list[Any], count: int) -> list[tuple[int, int]]:
    """Submitted practices, so curation decisions always have work."""
    rng, queue = random.Random(5), []
    with Session(get_engine(), expire_on_commit=False) as session:
        for i in range(count):
            owner = owners[i % len(owners)]
            body = PracticeCreate.model_validate(submission(rng, 100_000 + i))
            practice, _ = practices.create_practice(session, owner, body, None)
            submitted = practices.submit_practice(session, owner, practice.id or 0)
            queue.append((submitted.id, submitted.revision.id))
    return queue


def index_everything() -> int:
    """`partilha search setup` (bulk load) and the seeded outbox, as the worker would."""
    from app.search.maintenance import setup
    from app.search.sync import sync_once

    loaded = setup(get_engine(), get_settings()).loaded
    result = sync_once(get_engine(), get_settings())
    if result.failed:
        raise RuntimeError(f"indexing failed: {result}")
    return sum(loaded.values())


def wait_in_sync(api: str, meili: MeiliProcess, timeout_s: float = 120) -> None:
    """Ready, no outbox backlog, and Meilisearch has no task left."""
    from bench.search_targets import wait_idle

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            ready = httpx.get(f"{api}/readyz", timeout=5)
            if ready.status_code == 200 and ready.json()["outbox"]["pending"] == 0:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("the app did not become ready with its outbox drained")
        time.sleep(0.2)
    wait_idle(meili, timeout_s)


def tokens(api: str, users: list[Any]) -> list[dict[str, str]]:
    """Bearer headers from the API's token endpoint, one per account."""
    headers = []
    with httpx.Client(base_url=api, headers=H, timeout=30) as client:
        for user in users:
            form = {"username": user.email, "password": PASSWORD}
            response = client.post("/api/v1/auth/token", data=form)
            response.raise_for_status()
            headers.append({"Authorization": f"Bearer {response.json()['access_token']}"})
    return headers


def app_environment(url: str, meili: MeiliProcess) -> None:
    """What the app process (and this one's service calls) run with."""
    os.environ.update(
        {
            "PARTILHA_ENV": "dev",
            "PARTILHA_DATABASE_URL": url,
            "PARTILHA_MEILI_URL": meili.url,
            "PARTILHA_MEILI_KEY": meili.master_key,
            "PARTILHA_MEILI_INDEX_PREFIX": "load",
            "PARTILHA_OUTBOX_WORKER": "true",
            **LIMITS,  # on, with budgets sized for the benchmark's own clients
            **FAST_HASHING,
        }
    )
    get_settings.cache_clear()
    get_engine.cache_clear()


def themes() -> list[str]:
    return sorted(get_catalog().taxonomies.slugs("themes"))


def start_app(tmp: Path, cleanup: ExitStack) -> tuple[str, subprocess.Popen[bytes]]:
    """ONE uvicorn process (no --workers: its pid is the server's, whose RSS we follow)."""
    port, log = free_port(), tmp / "uvicorn.log"
    command = ["uvicorn", "app.main:create_app", "--factory", "--port", str(port)]
    command += ["--http", "httptools", "--loop", "uvloop", "--no-access-log"]  # as start.sh
    proc = subprocess.Popen(
        [sys.executable, "-m", *command, "--log-level", "warning"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    cleanup.callback(_stop, proc)
    cleanup.push(lambda kind, *_: _tail(log) if kind else None)
    api = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            if httpx.get(f"{api}/healthz", timeout=1).status_code == 200:
                return api, proc
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("the app did not start")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _tail(log: Path) -> None:
    """What the app or Meilisearch said, when the set-up or the run failed."""
    if log.exists():
        print(f"--- last lines of {log.name}:", file=sys.stderr)
        print("\n".join(log.read_text(errors="replace").splitlines()[-40:]), file=sys.stderr)


def build(args: Any, tmp: Path, cleanup: ExitStack) -> tuple[World, Any, dict[str, Any]]:
    """Everything the run needs; each process and the database are undone by `cleanup`."""
    from app.cli import migrate_fresh

    url, drop = database_url(args.postgres)
    cleanup.callback(drop)
    cleanup.callback(lambda: get_engine().dispose())
    meili = MeiliProcess(tmp / "meili")
    cleanup.push(lambda kind, *_: _tail(tmp / "meili" / "meili.log") if kind else None)
    meili.start()
    cleanup.callback(meili.stop)
    app_environment(url, meili)
    started = time.perf_counter()
    migrate_fresh(url)
    contributors, curators = seed(args.practices, args.contributors, args.curators)
    queue = fill_queue(contributors, args.queue)
    documents = index_everything()
    print(
        f"seeded {args.practices} published practices + demo + {len(queue)} submitted, "
        f"indexed {documents} documents in {time.perf_counter() - started:.1f} s"
    )
    api, app = start_app(tmp, cleanup)
    wait_in_sync(api, meili)
    w = World(
        api=api,
        meili=meili,
        practices=args.practices,
        queue=queue,
        contributors=tokens(api, contributors),
        curators=tokens(api, curators),
    )
    return w, app, {"published": args.practices, "load_start": os.getloadavg()[0]}
