"""The webhook dispatcher thread started with the app (PARTILHA_WEBHOOK_DISPATCHER, on by
default; off in tests, which call dispatch.dispatch_once directly). Several app processes may
run it: fan-out is serialised by the cursor row, sending by per-delivery claims."""

import logging
import threading

from sqlalchemy.engine import Engine

from app.config import Settings
from app.core import logs
from app.webhooks import dispatch

log = logging.getLogger("partilha.webhooks")


class WebhookDispatcher:
    def __init__(self, engine: Engine, settings: Settings):
        self.engine = engine
        self.settings = settings
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="partilha-webhooks", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 15.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _run(self) -> None:
        last_error = ""
        while not self._stop.is_set():
            with logs.task_id("webhooks-"):  # the id of this pass's log lines
                try:
                    dispatch.dispatch_once(self.engine, self.settings)
                    last_error = ""
                except Exception as exc:
                    if str(exc) != last_error:  # once per distinct problem, not every poll
                        log.warning("webhook dispatch pass failed: %s", exc, exc_info=True)
                    last_error = str(exc)
            self._stop.wait(self.settings.webhook_poll_s)
