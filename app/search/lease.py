"""The search lease: one process at a time sends the outbox to Meilisearch (or rebuilds an
index). It is short and renewed by a heartbeat, so a holder killed mid-pass blocks indexing for
at most LEASE_TTL_S, while a live one never lets it lapse whatever it waits on."""

import logging
import os
import socket
import threading
import time
import uuid
from types import TracebackType

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import utcnow
from app.search import repository as repo

log = logging.getLogger("partilha.search")

LEASE = "search-outbox"
# A holder killed mid-pass (kill -9) blocks indexing for at most LEASE_TTL_S; a live holder
# renews it every HEARTBEAT_S from a thread.
LEASE_TTL_S = 10.0
HEARTBEAT_S = 3.0
# A fenced write right after the holder's own claim or renewal needs no new one: nobody can
# take an unexpired lease, and this leaves most of the TTL for the hosts' clocks to disagree.
FRESH_S = 2.0
_claimed: dict[str, float] = {}  # holder -> when (monotonic) it last took or extended it


class LeaseLost(Exception):
    """Another process took the lease: stop writing, it will send the current state."""


def new_holder(role: str = "worker") -> str:
    return f"{role}:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def claim(engine: Engine, holder: str) -> bool:
    started = time.monotonic()
    with Session(engine) as session:
        ok = repo.claim_lease(session, LEASE, holder, LEASE_TTL_S, utcnow())
        session.commit()
    held(holder, ok, started)
    return ok


def held(holder: str, ok: bool, since: float) -> None:
    """Record a claim or extension of the holder's (taken at `since`, monotonic), or forget
    it when the lease was not ours."""
    if ok:
        _claimed[holder] = since
    else:
        _claimed.pop(holder, None)


def renew(engine: Engine, holder: str) -> None:
    """Before a write: the lease must still be the holder's (LeaseLost otherwise)."""
    since = _claimed.get(holder)
    if since is not None and time.monotonic() - since < FRESH_S:
        return
    if not claim(engine, holder):
        raise LeaseLost(holder)


def release(engine: Engine, holder: str) -> None:
    _claimed.pop(holder, None)
    with Session(engine) as session:
        repo.release_lease(session, LEASE, holder, utcnow())
        session.commit()


class Heartbeat:
    """`with Heartbeat(engine, holder):` renews the holder's lease every HEARTBEAT_S while the
    block runs (a pass waiting on Meilisearch, a reindex). It only extends a lease still held:
    a lost one is noticed by the holder's next fenced write (`renew`)."""

    def __init__(self, engine: Engine, holder: str, every_s: float = HEARTBEAT_S):
        self.engine, self.holder, self.every_s = engine, holder, every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="partilha-lease", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                started = time.monotonic()
                with Session(self.engine) as session:
                    ours = repo.extend_lease(session, LEASE, self.holder, LEASE_TTL_S, utcnow())
                    session.commit()
                held(self.holder, ours, started)
            except Exception:
                log.warning("could not renew the search lease", exc_info=True)
                continue  # the database may be back before the lease lapses
            if not ours:
                return
