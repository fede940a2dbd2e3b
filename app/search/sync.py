"""One pass of the outbox worker: due events -> current database state -> Meilisearch.

Events only say *what* changed; documents are rebuilt from the current state, so their order
does not matter. One process at a time holds the lease (checked before every write), so an
older state can never overwrite a newer one sent by another process. Rows are never deleted:
they are marked processed, or retried with exponential backoff and their last error."""

import logging
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

import meilisearch
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.config import Settings
from app.core import logs
from app.db import utcnow
from app.outbox.models import OutboxEvent
from app.search import indexer
from app.search import repository as repo
from app.search.client import count_error, is_healthy, is_outage, make_client
from app.search.documents import Document
from app.search.lease import LEASE, LEASE_TTL_S, LeaseLost, claim, new_holder, release, renew
from app.search.specs import followed_types, specs

log = logging.getLogger("partilha.search")

BATCH = 500  # interactive events per pass
# Entities of the bulk lane per pass: small enough that a pass lasts a fraction of a second
# (a municipality's event also re-indexes the practices that name it), so an approval
# arriving behind an import waits for one short pass at most.
BULK_ENTITIES = 50
BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 300.0


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_BASE_S * 2 ** max(attempts - 1, 0), BACKOFF_CAP_S))


@dataclass
class PassResult:
    status: str = "idle"  # idle | ok | busy (lease elsewhere) | unavailable | error
    events: int = 0
    processed: int = 0
    failed: int = 0
    upserted: int = 0
    deleted: int = 0
    more: bool = False  # a lane had more due than this pass took

    @property
    def full(self) -> bool:
        """The pass took a whole batch (or a whole bulk slice): run another one right away."""
        return self.status == "ok" and (self.events >= BATCH or self.more)


@dataclass
class Plan:
    """Per index: the documents to upsert and delete, and which events each one settles."""

    events: list[OutboxEvent]
    more: bool = False
    targets: dict[str, dict[int, list[int]]] = field(default_factory=dict)
    builds: dict[str, tuple[dict[int, Document], list[int]]] = field(default_factory=dict)


def _plan(session: Session, events: list[OutboxEvent]) -> Plan:
    plan = Plan(events)
    for spec in specs():
        targets: dict[int, list[int]] = defaultdict(list)
        for event in events:
            if event.kind in spec.skips:
                continue
            expand = spec.follows.get(event.entity_type)
            for doc_id in expand(session, event.entity_id) if expand else []:
                targets[doc_id].append(event.id or 0)
        if targets:
            plan.targets[spec.key] = dict(targets)
            plan.builds[spec.key] = spec.build(session, list(targets))
    return plan


def _send(
    client: meilisearch.Client,
    engine: Engine,
    settings: Settings,
    holder: str,
    plan: Plan,
    overrides: dict[str, str],
    result: PassResult,
) -> dict[int, str]:
    """Write every planned change; returns {event id: error} for what Meilisearch refused."""
    failed: dict[int, str] = {}
    for spec in specs():
        if spec.key not in plan.builds:
            continue
        docs, deletes = plan.builds[spec.key]
        uid = overrides.get(spec.key) or spec.uid(settings)
        renew(engine, holder)  # fencing: never write after losing the lease
        if not indexer.ensure_index(client, uid, spec):
            # A new (or lost) index: fill it from the database. That state was read after
            # the plan, so it already holds these changes.
            loaded = indexer.fill_new(
                client, uid, spec, engine, heartbeat=lambda: renew(engine, holder)
            )
            failures = {i: e for i, e in loaded.rejected.items() if i in plan.targets[spec.key]}
        else:
            failures = indexer.apply_changes(client, uid, spec, docs, deletes)
        for doc_id, error in failures.items():
            for event_id in plan.targets[spec.key][doc_id]:
                failed.setdefault(event_id, f"{spec.key} {doc_id}: {error}")
        result.upserted += len(docs)
        result.deleted += len(deletes)
    return failed


def _record(
    engine: Engine, events: list[OutboxEvent], failed: dict[int, str], now: datetime
) -> None:
    with Session(engine) as session:
        repo.mark_processed(session, [e.id or 0 for e in events if e.id not in failed], now)
        for event in events:
            if event.id in failed:
                attempts = event.attempts + 1
                repo.mark_failed(
                    session, event.id or 0, attempts, now + backoff(attempts), failed[event.id]
                )
        session.commit()


def _load_plan(engine: Engine, holder: str, ignore_backoff: bool, batch: int) -> Plan | None:
    """Events and documents read in one short transaction (SQLite: never held across I/O)."""
    with Session(engine, expire_on_commit=False) as session:
        now = utcnow()
        # The lease first, then the events: they are read after the previous holder's
        # marks committed (it marks, then releases), whatever the hosts' clocks say.
        if not repo.claim_lease(session, LEASE, holder, LEASE_TTL_S, now):
            session.commit()
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
        plan = _plan(session, events) if events else Plan([])
        plan.more = more
        session.commit()
    return plan


def run_pass(
    engine: Engine,
    settings: Settings,
    holder: str,
    *,
    ignore_backoff: bool = False,
    batch: int = BATCH,
    overrides: dict[str, str] | None = None,
) -> PassResult:
    """Process up to `batch` due events. `overrides` sends an index's writes to another uid
    (a rebuild in progress). The caller releases the lease when it is done."""
    # Every line this pass logs carries its id (the worker's "outbox-…", or the caller's).
    with logs.task_id("outbox-"):
        result = _run_pass(engine, settings, holder, ignore_backoff, batch, overrides or {})
        if result.events:
            log.info(
                "outbox pass %s: %d events, %d failed",
                result.status,
                result.events,
                result.failed,
                extra={"outbox": asdict(result)},
            )
        return result


def _run_pass(
    engine: Engine,
    settings: Settings,
    holder: str,
    ignore_backoff: bool,
    batch: int,
    overrides: dict[str, str],
) -> PassResult:
    result = PassResult()
    with Session(engine) as session:
        pending = repo.due_events(session, followed_types(), utcnow(), 1, ignore_backoff)
        session.commit()
    if not pending:
        return result
    client = make_client(settings)
    if not is_healthy(settings):
        result.status = "unavailable"  # not the events' fault: no attempt is counted
        return result
    plan = _load_plan(engine, holder, ignore_backoff, batch)
    if plan is None:
        result.status = "busy"
        return result
    result.events, result.more = len(plan.events), plan.more
    try:
        failed = _send(client, engine, settings, holder, plan, overrides, result)
        result.status = "ok"
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
    _record(engine, plan.events, failed, utcnow())
    result.failed = len(failed)
    result.processed = len(plan.events) - len(failed)
    return result


def sync_once(engine: Engine, settings: Settings, *, ignore_backoff: bool = False) -> PassResult:
    """Drain the outbox in passes until it is empty, blocked, or failing (CLI and tests)."""
    holder = new_holder("sync")
    total = PassResult()
    try:
        while True:
            result = run_pass(engine, settings, holder, ignore_backoff=ignore_backoff)
            if result.status != "idle" or not total.events:
                total.status = result.status
            for name in ("events", "processed", "failed", "upserted", "deleted"):
                setattr(total, name, getattr(total, name) + getattr(result, name))
            if result.status != "ok" or result.events == 0 or (ignore_backoff and result.failed):
                return total
    finally:
        release(engine, holder)


def ensure_indexes(engine: Engine, settings: Settings, holder: str) -> bool:
    """Under the lease, apply settings to every index, creating and filling a missing one.
    False if another process holds the lease; raises when Meilisearch is unreachable."""
    if not claim(engine, holder):
        return False
    client = make_client(settings)
    for spec in specs():
        uid = spec.uid(settings)
        if not indexer.ensure_index(client, uid, spec):
            indexer.fill_new(client, uid, spec, engine, heartbeat=lambda: renew(engine, holder))
    return True
