"""Delivering a set of outbox events to one Meilisearch server: which documents they affect
(rebuilt from the current database state) and the writes, each fenced by the lease. The passes
(sync.py) send to every in-sync server; the catch-up (catchup.py) to one that is behind."""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

import meilisearch
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.config import Settings
from app.outbox.models import OutboxEvent
from app.search import indexer
from app.search.client import count_error, is_outage, make_client
from app.search.documents import Document
from app.search.lease import renew
from app.search.servers import Server
from app.search.specs import specs

log = logging.getLogger("partilha.search")


@dataclass
class Plan:
    """Per index: the documents to upsert and delete, and which events each one settles."""

    events: list[OutboxEvent]
    more: bool = False
    targets: dict[str, dict[int, list[int]]] = field(default_factory=dict)
    builds: dict[str, tuple[dict[int, Document], list[int]]] = field(default_factory=dict)
    held: bool = False  # sent without waiting: its events wait for their tasks (pipeline.py)

    @property
    def bulk(self) -> bool:
        """A pass of the bulk lane (a lane's pass holds that lane's events only)."""
        return bool(self.events) and self.events[0].bulk


@dataclass(frozen=True)
class Write:
    """A task a pipelined pass enqueued on a server, and the events it settles."""

    server: Server
    task: int
    events: list[int]


def plan_events(session: Session, events: list[OutboxEvent]) -> Plan:
    """Which documents the events affect, per index, built from the current state."""
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


def send(
    client: meilisearch.Client,
    engine: Engine,
    settings: Settings,
    holder: str,
    plan: Plan,
    overrides: dict[str, str],
    tasks: list[tuple[int, list[int]]] | None = None,
) -> dict[int, str]:
    """Write every planned change to one server; returns {event id: error} for what it refused.
    With `tasks`, they are only enqueued and listed there (uid, events settled), not awaited."""
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
        elif tasks is not None:
            for info, doc_ids in indexer.enqueue_changes(client, uid, spec, docs, deletes):
                events = {e for doc_id in doc_ids for e in plan.targets[spec.key][doc_id]}
                tasks.append((info.task_uid, sorted(events)))
            failures = {}
        else:
            failures = indexer.apply_changes(client, uid, spec, docs, deletes)
        for doc_id, error in failures.items():
            for event_id in plan.targets[spec.key][doc_id]:
                failed.setdefault(event_id, f"{spec.key} {doc_id}: {error}")
    return failed


def send_all(
    targets: list[Server],
    engine: Engine,
    settings: Settings,
    holder: str,
    plan: Plan,
    overrides: dict[str, str],
    writes: list[Write] | None = None,
) -> tuple[dict[int, str], list[Server]]:
    """The plan to every in-sync server that answered; a server that fails now is left out
    (it falls behind) unless every one failed: then the pass failed. Returns what Meilisearch
    refused (the same documents on every server) and the servers that missed the pass."""
    failed: dict[int, str] = {}
    missed: list[Server] = []
    for server in targets:
        tasks: list[tuple[int, list[int]]] | None = [] if writes is not None else None
        try:
            client = make_client(settings, server)
            failed.update(send(client, engine, settings, holder, plan, overrides, tasks))
            if writes is not None and tasks:
                writes += [Write(server, uid, events) for uid, events in tasks]
        except Exception as exc:
            if not is_outage(exc) or len(missed) + 1 == len(targets):
                raise
            count_error("sync", exc)
            indexer.forget_ensured()
            log.warning("search server %s missed a pass: %s", server.name, exc)
            missed.append(server)
    return failed, missed
