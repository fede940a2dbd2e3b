"""Waiting for the outbox horizon (app/outbox/feed.py) in tests."""

import time

from sqlmodel import Session

from app.db import get_engine
from app.outbox.feed import settled


def wait_until_settled(timeout_s: float = 120) -> None:
    """Wait until readers of the outbox can see every committed row. On a shared PostgreSQL
    server any open write transaction (another suite's CREATE DATABASE, say) holds the horizon
    back for a moment; the feed is right to wait for it, and so are the tests."""
    deadline = time.monotonic() + timeout_s
    while True:
        with Session(get_engine()) as session:
            if settled(session):
                return
        assert time.monotonic() < deadline, "an old transaction kept the outbox horizon back"
        time.sleep(0.02)
