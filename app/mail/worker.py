"""The mail worker thread started with the app (PARTILHA_MAIL_WORKER, on by default; off in
tests, which call delivery.deliver_once and run_jobs directly). Each pass sends what is due,
then runs the periodic jobs the layers above registered (the digests and reminders, every
JOB_EVERY_S): jobs are idempotent per period, so several app processes may all run them."""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from app.config import Settings
from app.core import logs
from app.db import utcnow
from app.mail import delivery

log = logging.getLogger("partilha.mail")

JOB_EVERY_S = 900.0


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[Engine, datetime], object]  # (engine, now): writes its messages, commits


_jobs: dict[str, Job] = {}


def register_job(job: Job) -> None:
    _jobs[job.name] = job


def jobs() -> list[Job]:
    return list(_jobs.values())


def run_jobs(engine: Engine, now: datetime | None = None) -> dict[str, object]:
    """Every registered job once; one failing job does not stop the others."""
    now, results = now or utcnow(), {}
    for job in _jobs.values():
        with logs.task_id("mail-job-"):
            try:
                results[job.name] = job.run(engine, now)
            except Exception as exc:
                log.warning("mail job %s failed: %s", job.name, exc, exc_info=True)
                results[job.name] = exc
    return results


class MailWorker:
    def __init__(self, engine: Engine, settings: Settings):
        self.engine = engine
        self.settings = settings
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._jobs_at = 0.0  # monotonic time of the last job run (0: run on the first pass)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="partilha-mail", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 15.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _pass(self) -> None:
        if not self._jobs_at or time.monotonic() - self._jobs_at >= JOB_EVERY_S:
            self._jobs_at = time.monotonic()
            run_jobs(self.engine)
        delivery.deliver_once(self.engine, self.settings)

    def _run(self) -> None:
        last_error = ""
        while not self._stop.is_set():
            try:
                self._pass()
                last_error = ""
            except Exception as exc:
                if str(exc) != last_error:  # once per distinct problem, not every poll
                    log.warning("mail pass failed: %s", exc, exc_info=True)
                last_error = str(exc)
            self._stop.wait(self.settings.mail_poll_s)
