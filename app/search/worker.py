"""The outbox worker thread started with the app. It polls every `outbox_poll_s` and is also
woken right after a commit that wrote outbox rows: in this process by the session hook below,
in any process on PostgreSQL by LISTEN/NOTIFY (app/search/wakeup.py), so an approval is
searchable within a fraction of a second instead of a poll interval. Its passes do not wait
for Meilisearch to apply their writes (app/search/pipeline.py): it watches the tasks in flight
between passes, and a wake-up starts the next pass at once."""

import logging
import threading
import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session as OrmSession

from app.config import Settings
from app.core import logs
from app.outbox.models import OutboxEvent
from app.search import catchup, sync
from app.search.client import TASK_POLL_MAX_MS, TASK_POLL_MS, count_error
from app.search.lease import Heartbeat
from app.search.pipeline import Pipeline
from app.search.wakeup import Listener

log = logging.getLogger("partilha.search")

_workers: set["OutboxWorker"] = set()
_workers_lock = threading.Lock()
_FLAG = "partilha_outbox_written"


def _before_flush(session: OrmSession, _context: Any, _instances: Any) -> None:
    if any(isinstance(obj, OutboxEvent) for obj in session.new):
        session.info[_FLAG] = True


def _after_commit(session: OrmSession) -> None:
    if session.info.pop(_FLAG, False):
        with _workers_lock:
            for worker in _workers:
                worker.wake()


def _after_rollback(session: OrmSession) -> None:
    session.info.pop(_FLAG, None)


def _listen(on: bool) -> None:
    hooks = (
        ("before_flush", _before_flush),
        ("after_commit", _after_commit),
        ("after_rollback", _after_rollback),
    )
    for name, fn in hooks:
        if on and not event.contains(OrmSession, name, fn):
            event.listen(OrmSession, name, fn)
        elif not on and event.contains(OrmSession, name, fn):
            event.remove(OrmSession, name, fn)


class OutboxWorker:
    def __init__(self, engine: Engine, settings: Settings):
        self.engine = engine
        self.settings = settings
        self.holder = sync.new_holder()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._ready = False  # index settings applied at least once
        self.pipeline = Pipeline()  # passes sent, their tasks not yet applied
        # PostgreSQL: commits in any process wake this worker (app/search/wakeup.py).
        postgres = engine.dialect.name == "postgresql"
        self._listener = Listener(engine, self.wake) if postgres else None

    def start(self) -> None:
        with _workers_lock:
            _workers.add(self)
            _listen(True)
        self._thread = threading.Thread(target=self._run, name="partilha-outbox", daemon=True)
        self._thread.start()
        if self._listener is not None:
            self._listener.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout_s: float = 15.0) -> None:
        if self._listener is not None:
            self._listener.stop()
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
        if self.pipeline:  # what is in flight is marked now, or planned again after the lease
            self._follow(stop_s=min(timeout_s, 5.0))
        with _workers_lock:
            _workers.discard(self)
            if not _workers:
                _listen(False)
        try:
            sync.release(self.engine, self.holder)
        except Exception:
            log.warning("could not release the search worker lease", exc_info=True)

    def run_once(self) -> sync.PassResult:
        """One pass, then one catch-up step for a server that is behind (app/search/catchup.py),
        the lease renewed by a heartbeat while they run; released afterwards so another
        process (or a reindex) may take it. An idle pass never touched the lease."""
        holding = not self._ready
        try:
            with Heartbeat(self.engine, self.holder):
                if not self._ready:
                    # Settings at start-up, retried until Meilisearch answers; never waited on.
                    self._ready = sync.ensure_indexes(self.engine, self.settings, self.holder)
                self.pipeline.confirm(self.engine, self.settings, self.holder)
                while self.pipeline.full:  # the oldest passes first: Meilisearch is behind
                    self._follow(until_one_done=True)
                result = sync.run_pass(
                    self.engine, self.settings, self.holder, pipeline=self.pipeline
                )
                holding = holding or result.status not in ("idle", "unavailable")
                if result.status != "busy" and not result.full and not self.pipeline:
                    step = catchup.catch_up(self.engine, self.settings, self.holder)
                    holding = holding or bool(step.server)
                    result.catching_up = step.progressed
            return result
        except Exception:
            holding = True
            raise
        finally:
            if holding and not self.pipeline:  # passes in flight keep it: they mark later
                sync.release(self.engine, self.holder)

    def _follow(self, until_one_done: bool = False, stop_s: float | None = None) -> None:
        """Record the passes in flight as their tasks finish, polling quickly at first, until
        none is left, one was recorded (`until_one_done`), a wake-up (new events: the next
        pass goes out at once) or `stop_s` elapsed; the lease is renewed meanwhile."""
        interval, waited, before = TASK_POLL_MS / 1000, 0.0, len(self.pipeline)
        with Heartbeat(self.engine, self.holder):
            while self.pipeline:
                if not self.pipeline.confirm(self.engine, self.settings, self.holder):
                    return  # the lease was lost
                done = len(self.pipeline) < before
                if not self.pipeline or (until_one_done and done):
                    break
                if stop_s is not None:
                    if waited >= stop_s:
                        return
                    time.sleep(interval)
                elif self._wake.wait(interval) and not until_one_done:
                    break
                waited += interval
                interval = min(interval * 1.5, TASK_POLL_MAX_MS / 1000)
        if not self.pipeline and not until_one_done:  # a pass follows at once otherwise
            sync.release(self.engine, self.holder)

    def _run(self) -> None:
        last_error = ""
        while not self._stop.is_set():
            self._wake.clear()
            with logs.task_id("outbox-"):  # the id of this pass's log lines
                try:
                    result = self.run_once()
                    if self.pipeline and not result.full:
                        self._follow()  # until its tasks are applied, or new events
                    last_error = ""
                except Exception as exc:
                    # Applying the index settings failed (run_pass counts its own errors).
                    count_error("setup", exc)
                    if str(exc) != last_error:  # once per distinct problem, not every poll
                        log.warning("search worker pass failed: %s", exc, exc_info=True)
                    last_error = str(exc)
                    result = sync.PassResult(status="error")
            if result.status == "error" or not (result.full or self.pipeline):
                self._wake.wait(self.settings.outbox_poll_s)
