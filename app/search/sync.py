"""One pass of the outbox worker: due events -> current database state -> Meilisearch.

Events only say *what* changed; documents are rebuilt from the current state, so their order
does not matter. One process at a time holds the lease (checked before every write), so an
older state can never overwrite a newer one sent by another process. Rows are never deleted:
they are marked processed, or retried with exponential backoff and their last error
(marks.py). The worker's passes do not wait for Meilisearch to apply their writes
(pipeline.py); the CLI's and a first retry's do."""

import logging
import time
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.config import Settings
from app.core import logs
from app.core.polling import PassReport, report
from app.db import utcnow
from app.search import indexer, replicas
from app.search import repository as repo
from app.search.catchup import catch_up_all
from app.search.client import count_error, is_healthy, is_outage, make_client
from app.search.delivery import Plan, Write, plan_events, send_all
from app.search.lease import (
    LEASE,
    LEASE_TTL_S,
    LeaseLost,
    claim,
    held,
    new_holder,
    release,
    renew,
)
from app.search.marks import record
from app.search.models import ServerState
from app.search.pipeline import Pipeline, Sent, hold_until
from app.search.servers import Server
from app.search.specs import followed_types, specs

log = logging.getLogger("partilha.search")

BATCH = 500  # interactive events per pass
# Entities of the bulk lane per pass: small enough that a pass lasts a fraction of a second
# (a municipality's event also re-indexes the practices that name it), so an approval
# arriving behind an import waits for one short pass at most.
BULK_ENTITIES = 50


@dataclass
class PassResult(PassReport, log_key="outbox"):
    status: str = "idle"  # idle | ok | busy (lease elsewhere) | unavailable | error
    events: int = 0
    processed: int = 0
    failed: int = 0
    upserted: int = 0
    deleted: int = 0
    more: bool = False  # a lane had more due than this pass took
    catching_up: bool = False  # a server behind took a step (the worker's next one is due)

    @property
    def full(self) -> bool:
        """The pass took a whole batch (or a whole bulk slice), or a server is catching up:
        run another one right away."""
        return (self.status == "ok" and (self.events >= BATCH or self.more)) or self.catching_up

    def line(self) -> str | None:
        if not self.events:
            return None
        return f"outbox pass {self.status}: {self.events} events, {self.failed} failed"


def _feed(
    engine: Engine, settings: Settings, standings: list[replicas.Standing] | None = None
) -> replicas.Feed:
    """The in-sync servers, split by whether they answer /health (`standings` already read,
    or read now)."""
    started = utcnow()
    if standings is None:
        with Session(engine, expire_on_commit=False) as session:
            standings = replicas.standings(session, settings)
            session.commit()
    found = replicas.Feed(standings, started=started)
    for standing in found.standings:
        if standing.state == ServerState.in_sync:
            healthy = is_healthy(settings, standing.server)
            (found.up if healthy else found.down).append(standing.server)
    return found


def reachable(engine: Engine, settings: Settings) -> list[Server]:
    """The in-sync servers that answer /health (the ones a pass would feed)."""
    return _feed(engine, settings).up


def _states_of(standings: list[replicas.Standing]) -> list[tuple[str, str]]:
    return [(s.server.name, s.state) for s in standings]


def _load_plan(
    engine: Engine,
    settings: Settings,
    holder: str,
    ignore_backoff: bool,
    batch: int,
    pipelined: bool,
) -> tuple[Plan, list[tuple[str, str]]] | None:
    """Events and documents read in one short transaction (SQLite: never held across I/O),
    with the servers' states under the lease. `pipelined`: first attempts are held while
    their tasks are in flight (pipeline.py). Each transaction of a pass counts: under load
    every round trip waits for the GIL behind the requests."""
    with Session(engine, expire_on_commit=False) as session:
        now, since = utcnow(), time.monotonic()
        # The lease first, then the events: they are read after the previous holder's
        # marks committed (it marks, then releases), whatever the hosts' clocks say.
        if not repo.claim_lease(session, LEASE, holder, LEASE_TTL_S, now):
            session.commit()
            held(holder, False, since)
            return None
        # Lanes: interactive events have passes of their own; the bulk lane gets a pass only
        # when none is waiting, a slice of entities at a time, coalesced (each entity's bulk
        # events settle together), so an approval waits for one short pass at most.
        types = followed_types()
        events = repo.due_events(session, types, now, batch, ignore_backoff, bulk=False)
        if events:
            more = len(events) >= batch or bool(
                repo.due_events(session, types, now, 1, ignore_backoff, bulk=True)
            )
        else:
            events = repo.due_bulk_events(session, types, now, BULK_ENTITIES, ignore_backoff)
            more = len({(e.entity_type, e.entity_id) for e in events}) >= BULK_ENTITIES
        plan = plan_events(session, events) if events else Plan([])
        plan.more = more
        plan.held = pipelined and bool(events) and all(e.attempts == 0 for e in events)
        if plan.held:
            repo.hold(session, [e.id or 0 for e in events], hold_until(now))
        states = _states_of(replicas.standings(session, settings))
        session.commit()
    held(holder, True, since)  # its writes need no other claim for a moment (lease.py)
    return plan, states


def run_pass(
    engine: Engine,
    settings: Settings,
    holder: str,
    *,
    ignore_backoff: bool = False,
    batch: int = BATCH,
    overrides: dict[str, str] | None = None,
    pipeline: Pipeline | None = None,
) -> PassResult:
    """Process up to `batch` due events. `overrides` sends an index's writes to another uid
    (a rebuild in progress); with `pipeline`, first attempts are sent without waiting and
    recorded by it. The caller releases the lease when it is done."""
    # Every line this pass logs carries its id (the worker's "outbox-…", or the caller's).
    with logs.task_id("outbox-"):
        result = _run_pass(
            engine, settings, holder, ignore_backoff, batch, overrides or {}, pipeline
        )
        report(log, result)
        return result


def _run_pass(
    engine: Engine,
    settings: Settings,
    holder: str,
    ignore_backoff: bool,
    batch: int,
    overrides: dict[str, str],
    pipeline: Pipeline | None,
) -> PassResult:
    result = PassResult()
    with Session(engine, expire_on_commit=False) as session:
        pending = repo.due_events(session, followed_types(), utcnow(), 1, ignore_backoff)
        standings = replicas.standings(session, settings) if pending else []
        session.commit()
    if not pending:
        return result
    feed = _feed(engine, settings, standings)  # in-sync servers, split by whether they answer
    if not feed.up:
        result.status = "unavailable"  # not the events' fault: no attempt is counted
        return result
    loaded = _load_plan(engine, settings, holder, ignore_backoff, batch, pipeline is not None)
    if loaded is None:
        result.status = "busy"
        return result
    plan, states = loaded
    result.events, result.more = len(plan.events), plan.more
    if states != _states_of(feed.standings):
        feed = _feed(engine, settings)  # a catch-up elsewhere ended before we took the lease
    writes: list[Write] | None = [] if plan.held else None
    try:
        failed, feed.missed = send_all(feed.up, engine, settings, holder, plan, overrides, writes)
        result.status = "ok"
        for docs, deletes in plan.builds.values():
            result.upserted += len(docs)
            result.deleted += len(deletes)
    except LeaseLost:
        result.status = "busy"
        return result
    except Exception as exc:
        count_error("sync", exc)
        indexer.forget_ensured()
        result.status = "unavailable" if is_outage(exc) else "error"
        if result.status == "error":
            log.exception("search sync failed; %d events will be retried", len(plan.events))
        failed = {e.id or 0: f"{type(exc).__name__}: {exc}" for e in plan.events}
    if pipeline is not None and writes is not None and result.status == "ok":
        pipeline.add(Sent(plan, feed, writes, failed))  # its marks come with its tasks
        return result
    if not record(
        engine, holder, plan.events, failed, utcnow(), feed if result.status == "ok" else None
    ):
        result.status = "busy"
        return result
    result.failed = len(failed)
    result.processed = len(plan.events) - len(failed)
    return result


def _drain(engine: Engine, settings: Settings, holder: str, ignore_backoff: bool) -> PassResult:
    total = PassResult()
    while True:
        result = run_pass(engine, settings, holder, ignore_backoff=ignore_backoff)
        if result.status != "idle" or not total.events:
            total.status = result.status
        for name in ("events", "processed", "failed", "upserted", "deleted"):
            setattr(total, name, getattr(total, name) + getattr(result, name))
        if result.status != "ok" or result.events == 0 or (ignore_backoff and result.failed):
            return total


def sync_once(engine: Engine, settings: Settings, *, ignore_backoff: bool = False) -> PassResult:
    """Drain the outbox in passes until it is empty, blocked, or failing, then catch up the
    servers that are behind and answer (CLI and tests)."""
    holder = new_holder("sync")
    try:
        total = _drain(engine, settings, holder, ignore_backoff)
        if total.status == "busy":
            return total
        caught = catch_up_all(engine, settings, holder)
        if caught and total.status == "unavailable":  # a server back in sync takes the passes
            total = _drain(engine, settings, holder, ignore_backoff)
        return total
    finally:
        release(engine, holder)


def ensure_indexes(engine: Engine, settings: Settings, holder: str) -> bool:
    """Under the lease, apply settings to every index of every in-sync server that answers,
    creating and filling a missing one (a behind server gets them as it catches up). False if
    another process holds the lease; raises when a server fails."""
    if not claim(engine, holder):
        return False
    for server in _feed(engine, settings).up:
        client = make_client(settings, server)
        for spec in specs():
            uid = spec.uid(settings)
            if not indexer.ensure_index(client, uid, spec):
                indexer.fill_new(client, uid, spec, engine, lambda: renew(engine, holder))
    return True
