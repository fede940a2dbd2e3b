"""The mail worker thread started with the app (PARTILHA_MAIL_WORKER, on by default; off in
tests, which call delivery.deliver_once and run_jobs directly). Each pass sends what is due,
then runs the periodic jobs the layers above registered (the digests and reminders, every
JOB_EVERY_S): jobs are idempotent per period, so several app processes may all run them."""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from app.config import Settings
from app.core import logs
from app.core.polling import Poller
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


class MailWorker(Poller):
    def __init__(self, engine: Engine, settings: Settings):
        super().__init__("partilha-mail", settings.mail_poll_s, log)
        self.engine = engine
        self.settings = settings
        self._jobs_at = 0.0  # monotonic time of the last job run (0: run on the first pass)

    def run_pass(self) -> None:
        if not self._jobs_at or time.monotonic() - self._jobs_at >= JOB_EVERY_S:
            self._jobs_at = time.monotonic()
            run_jobs(self.engine)
        delivery.deliver_once(self.engine, self.settings)
