"""PostgreSQL LISTEN for the outbox worker: a commit that wrote outbox rows in any process
(app/outbox/service.py sends NOTIFY) wakes this process's worker at once. Polling stays as the
fallback: if the listening connection drops, it reconnects after a pause and the worker keeps
polling meanwhile. SQLite has no NOTIFY: a commit wakes the workers of its own process
(app/search/worker.py) and the others poll."""

import logging
import threading
from collections.abc import Callable

import psycopg
from sqlalchemy.engine import Engine

from app.outbox.service import CHANNEL

log = logging.getLogger("partilha.search")
RECONNECT_S = 5.0


def conninfo(engine: Engine) -> str:
    """The engine's database as a libpq URL (psycopg connects on its own, outside the pool)."""
    url = engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class Listener:
    """A daemon thread holding one autocommit connection that LISTENs on the outbox channel."""

    def __init__(self, engine: Engine, wake: Callable[[], None]):
        self.conninfo = conninfo(engine)
        self.wake = wake
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="partilha-listen", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout_s)

    def _run(self) -> None:
        warned = False
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.wake()  # rows committed while nobody listened
                    warned = False
                    while not self._stop.is_set():
                        for _ in conn.notifies(timeout=1.0, stop_after=1):
                            self.wake()
            except psycopg.Error as exc:
                if not warned:  # once per outage, not every few seconds
                    log.warning("outbox LISTEN connection lost (%s); polling meanwhile", exc)
                    warned = True
                self._stop.wait(RECONNECT_S)
