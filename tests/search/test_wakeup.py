"""PostgreSQL LISTEN/NOTIFY wakes the search worker of every process: an event committed where
no in-process hook can see it (another app process; here a bulk write, which builds no ORM
object) is indexed at once, long before the next poll. SQLite keeps the in-process wake and
the poll; the notification itself is checked to follow the transaction (none on rollback)."""

import time

import psycopg
import pytest
from sqlmodel import Session, select

from app.config import get_settings
from app.db import get_engine
from app.municipalities.models import Municipality
from app.outbox.models import EntityType
from app.outbox.service import CHANNEL, enqueue, enqueue_many
from app.search.wakeup import conninfo
from app.search.worker import OutboxWorker
from tests.search.conftest import World


def test_a_commit_in_another_process_wakes_the_worker_at_once(
    world: World, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend != "postgres":
        pytest.skip("NOTIFY is PostgreSQL's")
    world.sync()
    monkeypatch.setenv("PARTILHA_OUTBOX_POLL_S", "60")  # a poll would come far too late
    get_settings.cache_clear()
    code = world.session.exec(select(Municipality.ibge_code).limit(1)).one()
    world.session.commit()
    worker = OutboxWorker(get_engine(), get_settings())
    worker.start()
    try:
        time.sleep(1.0)  # its first pass (settings) done; now it sleeps on its 60 s poll
        with Session(get_engine()) as session:
            enqueue_many(session, EntityType.municipality, [code], "capacity.reported")
            session.commit()
        committed = time.monotonic()
        while not all(e.processed_at for e in world.outbox(code)):
            assert time.monotonic() - committed < 10, "not woken: it would wait for its poll"
            time.sleep(0.02)
    finally:
        worker.stop()


def test_the_notification_travels_with_the_commit_only(world: World, backend: str) -> None:
    if backend != "postgres":
        pytest.skip("NOTIFY is PostgreSQL's")
    with psycopg.connect(conninfo(get_engine()), autocommit=True) as listener:
        listener.execute(f"LISTEN {CHANNEL}")
        with Session(get_engine()) as session:
            enqueue(session, EntityType.municipality, 1400100, "municipality.changed")
            session.rollback()
        assert list(listener.notifies(timeout=0.5, stop_after=1)) == []
        with Session(get_engine()) as session:
            for _ in range(3):
                enqueue(session, EntityType.municipality, 1400100, "municipality.changed")
            session.commit()
        heard = list(listener.notifies(timeout=2.0, stop_after=2))
        assert [n.channel for n in heard] == [CHANNEL]  # one per transaction
