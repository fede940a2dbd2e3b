"""Pipelined passes: the worker sends a pass's writes and goes on to the next pass without
waiting for Meilisearch to apply them; the pass's events are marked once its tasks are done.

Why: a worker that waited for each task before its next pass made an approval wait for the
previous pass's task as well as its own (p50 0.58 s from commit to sending under
bench/load.py's mixed load). Meilisearch applies an index's tasks in the order they were
enqueued, so a later pass's documents (rebuilt from a later state) always land after an
earlier pass's.

A pipelined pass holds its events (their next attempt set LEASE_TTL_S ahead, in the
transaction that plans them), so the next pass does not plan them again, and a holder that
dies leaves them due once its lease has lapsed. Passes are recorded in the order they were
sent, fenced like every mark. A task that failed fails its events with a backoff (one bad
document fails every task Meilisearch batched with it): their retry takes the waiting path,
which isolates the refused documents. A server whose tasks cannot be read missed the pass and
falls behind, as in a waiting pass; when every server missed it, the events are retried."""

import logging
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from meilisearch.errors import MeilisearchError
from sqlalchemy.engine import Engine

from app.config import Settings
from app.db import utcnow
from app.search import replicas
from app.search.client import count_error, task_status
from app.search.delivery import Plan, Write
from app.search.lease import LEASE_TTL_S
from app.search.marks import record

log = logging.getLogger("partilha.search")

DEPTH = 4  # passes in flight at most; the next pass waits for the oldest
HOLD_S = LEASE_TTL_S
_WAITING = ("enqueued", "processing")


@dataclass
class Sent:
    """A pass whose writes Meilisearch accepted: what it settles once they are applied."""

    plan: Plan
    feed: replicas.Feed
    writes: list[Write]
    failed: dict[int, str] = field(default_factory=dict)  # refused while sending (a fill)


class Pipeline:
    """The passes in flight, oldest first (the worker's own: one per lease holder)."""

    def __init__(self) -> None:
        self.sent: deque[Sent] = deque()

    def __len__(self) -> int:
        return len(self.sent)

    @property
    def full(self) -> bool:
        """The next pass waits for the oldest: DEPTH passes are in flight, or a bulk lane's
        is. Meilisearch applies tasks in the order they came, so an approval's task sent
        behind four bulk tasks waited for all four (up to ~1 s after a 100,000-row import
        under bench/search.py); behind one, it waits for one short slice at most."""
        return len(self.sent) >= DEPTH or any(s.plan.bulk for s in self.sent)

    def add(self, sent: Sent) -> None:
        self.sent.append(sent)

    def confirm(self, engine: Engine, settings: Settings, holder: str) -> bool:
        """Record the passes whose tasks are all done, oldest first, stopping at the first
        one still waiting on Meilisearch (a later pass is never marked before it). False when
        the lease was lost: nothing was marked, the successor plans them again."""
        while self.sent:
            oldest = self.sent[0]
            failed = _finished(settings, oldest)
            if failed is None:
                break
            self.sent.popleft()
            events = oldest.plan.events
            if not record(engine, holder, events, failed, utcnow(), oldest.feed):
                self.sent.clear()
                return False
            if failed:
                log.warning("search: %d events of a sent pass failed; retried", len(failed))
        return True


def _finished(settings: Settings, sent: Sent) -> dict[int, str] | None:
    """{event id: error} once every task of the pass is done (None while any is waiting); a
    server whose tasks cannot be read joins the pass's missed servers."""
    failed = dict(sent.failed)
    unread: set[str] = set()
    for write in sent.writes:
        if write.server.name in unread:
            continue
        try:
            task = task_status(settings, write.server, write.task)
        except (MeilisearchError, OSError) as exc:
            count_error("sync", exc)
            unread.add(write.server.name)
            continue
        status = task.get("status")
        if status in _WAITING:
            return None
        if status != "succeeded":
            error = task.get("error") or {}
            reason = f"{error.get('code', status)}: {error.get('message', '')}".strip()
            failed.update(dict.fromkeys(write.events, reason))
    servers = {write.server.name for write in sent.writes}
    if servers and unread >= servers:  # no server could say: the events are retried
        failed.update(dict.fromkeys((e.id or 0 for e in sent.plan.events), "task unknown"))
        return failed
    missed = [s for s in sent.feed.up if s.name in unread]
    sent.feed.missed = [*sent.feed.missed, *missed]
    return failed


def hold_until(now: datetime) -> datetime:
    return now + timedelta(seconds=HOLD_S)
