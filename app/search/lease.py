"""The search lease: one process at a time sends the outbox to Meilisearch (or rebuilds an
index). It is short and renewed by a heartbeat, so a holder killed mid-pass blocks indexing for
at most LEASE_TTL_S, while a live one never lets it lapse whatever it waits on."""

import logging
import os
import socket
import threading
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


class LeaseLost(Exception):
    """Another process took the lease: stop writing, it will send the current state."""


def new_holder(role: str = "worker") -> str:
    return f"{role}:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def claim(engine: Engine, holder: str) -> bool:
    with Session(engine) as session:
        ok = repo.claim_lease(session, LEASE, holder, LEASE_TTL_S, utcnow())
        session.commit()
    return ok


def renew(engine: Engine, holder: str) -> None:
    if not claim(engine, holder):
        raise LeaseLost(holder)


def release(engine: Engine, holder: str) -> None:
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
                with Session(self.engine) as session:
                    held = repo.extend_lease(session, LEASE, self.holder, LEASE_TTL_S, utcnow())
                    session.commit()
            except Exception:
                log.warning("could not renew the search lease", exc_info=True)
                continue  # the database may be back before the lease lapses
            if not held:
                return
