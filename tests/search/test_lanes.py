"""Outbox lanes: events a bulk write enqueued (a capacity import) wait in their own lane, served
a slice of entities at a time and coalesced per entity, so an approval committed right after a
big import is indexed by the very next pass, on its own. Migration 0017 keeps existing rows
interactive."""

from collections import defaultdict

from sqlalchemy import text
from sqlmodel import Session, col, select

from app.config import get_settings
from app.db import get_engine, utcnow
from app.municipalities.models import Municipality
from app.outbox.models import EntityType, OutboxEvent
from app.outbox.service import enqueue_many
from app.search.sync import BULK_ENTITIES, new_holder, release, run_pass, sync_once
from tests.migrating import migrate
from tests.places import BOA_VISTA
from tests.search.conftest import World

REPEATS = 3  # an import that reports each municipality several times


def _bulk_import(codes: list[int]) -> None:
    with Session(get_engine()) as session:
        enqueue_many(session, EntityType.municipality, codes * REPEATS, "capacity.reported")
        session.commit()


class TestLanes:
    def test_an_approval_right_after_an_import_is_indexed_by_the_next_pass(
        self, world: World, session: Session
    ) -> None:
        world.sync()
        others = select(Municipality.ibge_code).where(Municipality.ibge_code != BOA_VISTA)
        codes = [BOA_VISTA, *session.exec(others.limit(BULK_ENTITIES * 2 + 50))]
        session.commit()
        _bulk_import(codes)
        practice = world.publish(
            title="Casa de passagem aberta depois da importação", municipalities=[BOA_VISTA]
        )
        world.session.commit()

        holder = new_holder("test")
        try:
            first = run_pass(get_engine(), get_settings(), holder)
            assert first.status == "ok" and first.full  # the bulk lane is waiting
            assert world.raw_document(practice["id"]) is not None
            assert all(e.processed_at for e in world.outbox() if not e.bulk)
            assert not any(e.processed_at for e in world.outbox() if e.bulk)  # a pass of its own
            second = run_pass(get_engine(), get_settings(), holder)
        finally:
            release(get_engine(), holder)
        assert second.status == "ok" and second.full

        settled: dict[int, list[bool]] = defaultdict(list)
        for event in world.outbox():
            if event.bulk:
                settled[event.entity_id].append(event.processed_at is not None)
        assert all(len(set(flags)) == 1 for flags in settled.values())  # coalesced per entity
        assert sum(flags[0] for flags in settled.values()) == BULK_ENTITIES
        assert second.events == BULK_ENTITIES * REPEATS
        # Boa Vista, named by the practice, was in that slice: capacity reports re-index the
        # municipalities only, never the practices naming them (PRACTICES.skips).
        assert second.upserted == BULK_ENTITIES

        rest = sync_once(get_engine(), get_settings())
        assert rest.failed == 0
        assert rest.events == (len(codes) - BULK_ENTITIES) * REPEATS
        assert all(e.processed_at for e in world.outbox())


INSERT = (
    "INSERT INTO outbox_event (entity_type, entity_id, kind, created_at, attempts, "
    "next_attempt_at) VALUES ('municipality', 1400100, 'capacity.reported', :now, 0, :now)"
)


def test_migration_0017_keeps_waiting_events_in_the_interactive_lane(
    world: World, db_url: str
) -> None:
    world.session.commit()
    migrate(db_url, "0016")
    with get_engine().begin() as conn:
        conn.execute(text(INSERT), {"now": utcnow()})
    get_engine().dispose()
    migrate(db_url, "head")
    with Session(get_engine()) as session:
        events = list(session.exec(select(OutboxEvent).order_by(col(OutboxEvent.id))))
    waiting = [e for e in events if e.processed_at is None]
    assert [(e.entity_id, e.bulk) for e in waiting] == [(1400100, False)]
    assert world.sync().failed == 0
    assert world.outbox(1400100)[-1].processed_at is not None
