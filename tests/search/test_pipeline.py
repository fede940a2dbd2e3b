"""The worker's pipelined passes (app/search/pipeline.py): a pass goes out without waiting for
Meilisearch; its events are held meanwhile and marked when its tasks are applied, in the
order they were sent; a failed task's events are retried through the waiting path; a holder
that lost its lease marks nothing."""

from collections.abc import Iterator

import pytest
from sqlmodel import Session, select

from app.config import get_settings
from app.db import get_engine, utcnow
from app.municipalities.models import Municipality
from app.outbox.models import EntityType
from app.outbox.service import enqueue_many
from app.search import sync
from app.search.lease import new_holder, release
from app.search.pipeline import Pipeline
from app.search.sync import BULK_ENTITIES
from tests.search.conftest import World, refuse_document
from tests.search.test_fencing import _hand_lease
from tests.search.test_worker import eventually


@pytest.fixture
def holder(world: World) -> Iterator[str]:
    """A worker's lease holder, with the indexes in place (as the worker starts)."""
    held = new_holder()
    assert sync.ensure_indexes(get_engine(), get_settings(), held)
    yield held
    release(get_engine(), held)


def _pass(world: World, holder: str, pipeline: Pipeline) -> sync.PassResult:
    world.session.commit()
    return sync.run_pass(get_engine(), get_settings(), holder, pipeline=pipeline)


def _confirmed(world: World, holder: str, pipeline: Pipeline) -> None:
    """Until every pass in flight is recorded (what the worker does between passes)."""

    def done() -> bool:
        pipeline.confirm(get_engine(), get_settings(), holder)
        return not pipeline

    eventually(done)


def test_a_pass_goes_out_and_its_events_wait_for_their_task(world: World, holder: str) -> None:
    pipeline = Pipeline()
    first = world.publish(title="Oficina de culinária venezuelana")
    result = _pass(world, holder, pipeline)
    assert result.status == "ok" and result.events == 1 and result.processed == 0
    assert len(pipeline) == 1
    [held] = world.outbox(first["id"])
    assert held.processed_at is None and held.attempts == 0
    assert held.next_attempt_at > utcnow()  # not planned again while its task is in flight

    second = world.publish(title="Torneio de xadrez no abrigo")
    again = _pass(world, holder, pipeline)  # the next pass takes only the new event
    assert again.events == 1 and len(pipeline) == 2

    _confirmed(world, holder, pipeline)
    assert all(e.processed_at is not None for e in world.outbox())
    assert world.ids(q="culinária venezuelana") == [first["id"]]
    assert world.ids(q="torneio xadrez") == [second["id"]]


def test_a_failed_task_is_retried_by_the_waiting_path(
    world: World, holder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = world.publish(title="Prática boa de pipeline")
    bad = world.publish(title="Prática com localização quebrada")

    refuse_document(monkeypatch, bad["id"])
    pipeline = Pipeline()
    assert _pass(world, holder, pipeline).events == 2
    _confirmed(world, holder, pipeline)
    # One task carried both: Meilisearch refused it whole, so both wait for a retry.
    events = world.outbox()
    assert [e.attempts for e in events] == [1, 1]
    assert all(e.processed_at is None and "geo" in (e.last_error or "") for e in events)
    # The retry waits and isolates the refused document: the good one goes through.
    result = sync.run_pass(
        get_engine(), get_settings(), holder, ignore_backoff=True, pipeline=pipeline
    )
    assert not pipeline and result.processed == 1 and result.failed == 1
    assert world.ids(q="prática boa pipeline") == [good["id"]]
    [still] = world.outbox(bad["id"])
    assert still.processed_at is None and still.attempts == 2


def test_a_holder_that_lost_its_lease_marks_nothing_and_the_next_one_sends_again(
    world: World, holder: str
) -> None:
    practice = world.publish(title="Mutirão de documentação")
    pipeline = Pipeline()
    assert _pass(world, holder, pipeline).events == 1
    _hand_lease("worker:outro-processo", 60)  # its lease lapsed and another took it
    eventually(lambda: not pipeline.confirm(get_engine(), get_settings(), holder))
    assert not pipeline
    [event] = world.outbox()
    assert event.processed_at is None and event.attempts == 0  # nothing marked
    _hand_lease("worker:outro-processo", -1)
    # Held until the lost holder's lease would have lapsed; then planned again.
    assert world.sync().events == 0
    result = world.sync(retry_all=True)
    assert result.processed == 1 and world.ids(q="mutirão documentação") == [practice["id"]]


def test_one_bulk_pass_at_most_is_in_flight(world: World, holder: str, session: Session) -> None:
    """Meilisearch applies tasks in the order they came: an approval's pass must never queue
    behind several of an import's, so the worker waits for a bulk pass before the next."""
    pipeline = Pipeline()
    codes = session.exec(select(Municipality.ibge_code).limit(BULK_ENTITIES * 3)).all()
    session.commit()
    with Session(get_engine()) as writer:
        enqueue_many(writer, EntityType.municipality, list(codes), "capacity.reported")
        writer.commit()
    first = world.publish(title="Oficina de costura no abrigo")
    assert _pass(world, holder, pipeline).events == 1  # the approval first, in its own lane
    assert not pipeline.full
    bulk = _pass(world, holder, pipeline)
    assert bulk.events == BULK_ENTITIES and bulk.more
    assert len(pipeline) == 2 and pipeline.full  # the next pass waits for the import's slice
    _confirmed(world, holder, pipeline)
    assert not pipeline.full
    assert world.ids(q="costura") == [first["id"]]
