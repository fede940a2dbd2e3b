"""A pass that outlived its lease (another process took it over meanwhile) marks nothing: the
successor planned the same events and marks them once."""

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import Session

from app.db import get_engine, utcnow
from app.search import sync
from app.search.lease import LEASE
from app.search.models import WorkerLease
from tests.search.conftest import World


def _hand_lease(holder: str, seconds: float) -> None:
    with Session(get_engine()) as session:
        expires = utcnow() + timedelta(seconds=seconds)
        session.execute(
            update(WorkerLease)
            .where(WorkerLease.name == LEASE)  # type: ignore[arg-type]
            .values(holder=holder, expires_at=expires)
        )
        session.commit()


def test_a_pass_that_lost_its_lease_marks_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.publish(title="Prática enviada por quem perdeu a vez")
    real_send = sync.send_all

    def send_then_lose(*args: Any, **kwargs: Any) -> Any:
        sent = real_send(*args, **kwargs)
        _hand_lease("worker:outro-processo", 60)  # the lease lapsed and another took it
        return sent

    monkeypatch.setattr(sync, "send_all", send_then_lose)
    assert world.sync().status == "busy"
    assert [(e.processed_at, e.attempts) for e in world.outbox()] == [(None, 0)]

    monkeypatch.setattr(sync, "send_all", real_send)
    _hand_lease("worker:outro-processo", -1)  # it finished (or died): the lease is free again
    assert world.sync().processed == 1
    assert all(e.processed_at is not None for e in world.outbox())


def test_a_write_checks_the_lease_again_once_its_claim_is_not_fresh(world: World) -> None:
    from app.db import get_engine
    from app.search import lease

    holder = lease.new_holder()
    assert lease.claim(get_engine(), holder)
    lease.renew(get_engine(), holder)  # just claimed: nobody can hold it, no query needed
    lease._claimed[holder] -= lease.FRESH_S  # the claim is seconds old now
    _hand_lease("worker:outro-processo", 60)  # and the lease lapsed and another took it
    with pytest.raises(lease.LeaseLost):
        lease.renew(get_engine(), holder)
    _hand_lease("worker:outro-processo", -1)
