"""Operator commands: setup, zero-downtime reindex, reconcile. Each holds the worker lease
while it writes, so the outbox worker pauses instead of racing it."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.config import Settings
from app.search import indexer, sync
from app.search.client import SearchUnavailable, index_exists, make_client, translated
from app.search.lease import Heartbeat
from app.search.servers import Server, servers
from app.search.specs import IndexSpec, specs

LEASE_WAIT_S = 120.0


class LeaseBusy(Exception):
    """The worker lease stayed taken for too long."""


@contextmanager
def lease(engine: Engine, role: str, wait_s: float = LEASE_WAIT_S) -> Iterator[str]:
    holder = sync.new_holder(role)
    deadline = time.monotonic() + wait_s
    while not sync.claim(engine, holder):
        if time.monotonic() > deadline:
            raise LeaseBusy(f"another process held the search lease for more than {wait_s:.0f} s")
        time.sleep(0.1)  # a worker pass holds it for well under a second
    try:
        with Heartbeat(engine, holder):  # a load waiting on Meilisearch keeps it
            yield holder
    finally:
        sync.release(engine, holder)


@dataclass
class SetupReport:
    """Per index uid, over every server: the ones created and the documents loaded; the same
    per server in `servers` (server name -> its own report)."""

    created: list[str] = field(default_factory=list)
    loaded: dict[str, int] = field(default_factory=dict)
    servers: dict[str, "SetupReport"] = field(default_factory=dict)


def setup(engine: Engine, settings: Settings) -> SetupReport:
    """On every server, create every index with its settings (idempotent) and fill the ones
    that are empty; raises SearchUnavailable if a server does not answer."""
    report = SetupReport()
    with translated("setup"), lease(engine, "setup") as holder:
        for server in servers(settings):
            own = report.servers[server.name] = _setup(engine, settings, holder, server)
            report.created += [uid for uid in own.created if uid not in report.created]
            for uid, count in own.loaded.items():
                report.loaded[uid] = max(report.loaded.get(uid, 0), count)
    return report


def _setup(engine: Engine, settings: Settings, holder: str, server: Server) -> SetupReport:
    report = SetupReport()
    client = make_client(settings, server)
    for spec in specs():
        uid = spec.uid(settings)
        beat = lambda: sync.renew(engine, holder)  # noqa: E731
        if not index_exists(client, uid):
            report.loaded[uid] = indexer.fill_new(client, uid, spec, engine, beat).loaded
            report.created.append(uid)
            continue
        indexer.apply_settings(client, uid, spec)
        if client.index(uid).get_stats().number_of_documents == 0:
            report.loaded[uid] = indexer.load_all(client, uid, spec, engine, heartbeat=beat).loaded
    return report


@dataclass
class ReindexReport:
    index: str
    loaded: int
    rejected: dict[int, str]
    replayed: int
    seconds: float
    servers: list[str] = field(default_factory=list)


def reindex(engine: Engine, settings: Settings, spec: IndexSpec) -> ReindexReport:
    """On every in-sync server that answers: build a fresh index (settings first), load it
    from the database; then replay the events that arrived meanwhile to them all and swap
    each in: searches keep answering from the old ones until then."""
    started = time.perf_counter()
    with translated("reindex"), lease(engine, "reindex") as holder:
        live = spec.uid(settings)
        beat = lambda: sync.renew(engine, holder)  # noqa: E731
        built = []
        targets = sync.reachable(engine, settings)
        if not targets:
            raise SearchUnavailable("no in-sync Meilisearch server answers")
        for server in targets:
            client = make_client(settings, server)
            fresh, result = indexer.build_fresh(client, live, spec, engine, beat)
            built.append((server.name, client))
        replayed = 0
        while True:  # events committed during the load: applied to the new index, then marked
            step = sync.run_pass(engine, settings, holder, overrides={spec.key: fresh})
            replayed += step.processed
            if not step.full:
                break
        for _name, client in built:
            sync.renew(engine, holder)
            indexer.put_in_place(client, live, fresh, spec)
    return ReindexReport(
        live,
        result.loaded,
        result.rejected,
        replayed,
        round(time.perf_counter() - started, 2),
        [name for name, _ in built],
    )


@dataclass
class Differences:
    index: str
    missing: list[int]
    extra: list[int]
    stale: list[int]
    repaired: bool = False
    server: str = ""

    @property
    def total(self) -> int:
        return len(self.missing) + len(self.extra) + len(self.stale)


def expected_hashes(engine: Engine, spec: IndexSpec, batch: int = 1000) -> dict[int, str]:
    """{id: content hash} of every document the database says the index should hold."""
    return {
        doc_id: str(doc["hash"])
        for docs in indexer.document_batches(engine, spec, batch)
        for doc_id, doc in docs.items()
    }


def reconcile(
    engine: Engine,
    settings: Settings,
    spec: IndexSpec,
    dry_run: bool,
    server: Server | None = None,
) -> Differences:
    """Compare the database's set (ids and hashes) with the index on `server` (default: the
    first); repair unless dry_run."""
    server = server or servers(settings)[0]
    with translated("reconcile"), lease(engine, "reconcile") as holder:
        client = make_client(settings, server)
        uid = spec.uid(settings)
        expected = expected_hashes(engine, spec)
        actual = indexer.hashes(client, uid, spec) if index_exists(client, uid) else {}
        diff = Differences(
            index=uid,
            missing=sorted(set(expected) - set(actual)),
            extra=sorted(set(actual) - set(expected)),
            stale=sorted(i for i in set(expected) & set(actual) if expected[i] != actual[i]),
            server=server.name,
        )
        if dry_run or not diff.total:
            return diff
        sync.renew(engine, holder)
        if not indexer.ensure_index(client, uid, spec):
            indexer.fill_new(client, uid, spec, engine, lambda: sync.renew(engine, holder))
            diff.repaired = True
            return diff
        with Session(engine) as session:
            docs, deletes = spec.build(session, diff.missing + diff.stale)
        rejected = indexer.apply_changes(
            client, uid, spec, docs, sorted(set(deletes) | set(diff.extra))
        )
        diff.repaired = not rejected
    return diff
