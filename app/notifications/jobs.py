"""The periodic mail jobs the mail worker runs (registered at assembly) and `partilha mail
digests` runs by hand: each is idempotent for its period, so running it again, or in two app
processes at once, writes nothing twice."""

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.mail.worker import Job
from app.notifications import digests, freshness, queue_digest


def _job(name: str, send: Callable[[Session, datetime], int]) -> Job:
    def run(engine: Engine, now: datetime) -> int:
        with Session(engine, expire_on_commit=False) as session:
            return send(session, now)

    return Job(name, run)


JOBS = (
    _job("queue_digest", queue_digest.send),
    _job("freshness", freshness.send),
    _job("subscriptions", digests.send),
)
