"""Catching up a Meilisearch server that fell behind, one step at a time between the worker's
passes (under the same lease, so interactive passes wait for one short step at most).

A step replays, to the first behind server that answers /health, the next CATCH_UP_EVENTS
events processed since it fell behind, in the order they were processed, coalesced per
document and rebuilt from the current database state (what the in-sync servers hold now);
when none is left it is in sync at the frontier. A server never fed (added to
PARTILHA_MEILI_URLS later) is filled whole, each index built aside and swapped in, then
replays what was processed while it filled."""

import logging
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.config import Settings
from app.db import utcnow
from app.search import indexer, replicas
from app.search import repository as repo
from app.search.client import count_error, is_healthy, make_client
from app.search.delivery import plan_events, send
from app.search.lease import LeaseLost, renew
from app.search.models import ServerState
from app.search.specs import followed_types, specs

log = logging.getLogger("partilha.search")

CATCH_UP_EVENTS = 500  # like a pass: a step lasts a fraction of a second


@dataclass
class Step:
    server: str = ""
    replayed: int = 0
    filled: bool = False
    in_sync: bool = False

    @property
    def progressed(self) -> bool:
        return bool(self.replayed or self.filled or self.in_sync)


def catch_up(engine: Engine, settings: Settings, holder: str) -> Step:
    """One step for the first behind server that answers; an empty Step when there is none.
    Raises LeaseLost if another process took the lease."""
    with Session(engine, expire_on_commit=False) as session:
        behind = [s for s in replicas.standings(session, settings) if s.state == ServerState.behind]
        session.commit()
    for standing in behind:
        if not is_healthy(settings, standing.server):
            continue
        try:
            return _step(engine, settings, holder, standing)
        except LeaseLost:
            raise
        except Exception as exc:  # retried at the next step (it may have gone down again)
            count_error("sync", exc)
            indexer.forget_ensured()
            log.warning("catching up %s failed: %s", standing.server.name, exc)
            return Step(standing.server.name)
    return Step()


def catch_up_all(engine: Engine, settings: Settings, holder: str) -> bool:
    """Steps until no behind server that answers is left; True if one came back in sync."""
    caught = False
    try:
        while (step := catch_up(engine, settings, holder)).progressed:
            caught = caught or step.in_sync
    except LeaseLost:
        pass  # another process holds the lease: its worker goes on
    return caught


def _step(engine: Engine, settings: Settings, holder: str, standing: replicas.Standing) -> Step:
    step = Step(standing.server.name)
    client = make_client(settings, standing.server)
    renew(engine, holder)  # the lease, then the cursor: no pass runs until this step ends
    with Session(engine, expire_on_commit=False) as session:
        current = {s.server: s for s in replicas.standings(session, settings)}
        session.commit()
    standing = current[standing.server]
    if standing.state != ServerState.behind:
        return step  # another process caught it up meanwhile
    cursor = standing.cursor
    if cursor is None or cursor.replay_at is None:
        started = utcnow()
        for spec in specs():
            indexer.fill_new(
                client, spec.uid(settings), spec, engine, lambda: renew(engine, holder)
            )
        with Session(engine) as session:  # then replay what was processed while it filled
            replicas.put(
                session,
                standing.server.name,
                cursor is not None,
                utcnow(),
                state=ServerState.behind,
                replay_at=started - replicas.MARGIN,
                replay_id=0,
            )
            session.commit()
        step.filled = True
        return step
    with Session(engine, expire_on_commit=False) as session:
        events = repo.replay_events(
            session, followed_types(), cursor.replay_at, cursor.replay_id, CATCH_UP_EVENTS
        )
        plan = plan_events(session, events)
        session.commit()
    refused = send(client, engine, settings, holder, plan, {})
    if refused:  # the others took these documents: retried at the next step
        log.warning("%s refused %d events while catching up", step.server, len(refused))
        return step
    step.replayed = len(events)
    with Session(engine) as session:
        now = utcnow()
        if len(events) < CATCH_UP_EVENTS:
            replicas.in_sync(session, standing, now)
            step.in_sync = True
        else:
            last = events[-1]
            repo.set_cursor(
                session, step.server, now, replay_at=last.processed_at, replay_id=last.id
            )
        session.commit()
    if step.in_sync:
        log.info("search server %s is in sync again", step.server)
    return step
