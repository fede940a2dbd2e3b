"""Where each configured Meilisearch server stands: in sync (fed by every pass) or behind (it
missed events and is being caught up, app/search/catchup.py), read from its delivery cursor.

A pass sends to the in-sync servers that answer /health; when at least one took the pass, the
events are settled and the in-sync servers that did not take it fall behind, their replay
starting at the pass's start (less MARGIN, for the clocks of the hosts running the worker),
so it covers whatever they missed. A server with no cursor row is in sync when no configured
server has one (an installation's first servers), else it is new and will be filled whole."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from app.config import Settings
from app.db import utcnow
from app.search import repository as repo
from app.search.models import SearchServerCursor, ServerState
from app.search.servers import Server, servers
from app.search.specs import followed_types

# The hosts running the worker agree on the time within a few seconds (as the lease assumes).
MARGIN = timedelta(seconds=5)


@dataclass(frozen=True)
class Standing:
    """A configured server and its cursor (None: no row written yet)."""

    server: Server
    state: ServerState
    cursor: SearchServerCursor | None


def standings(session: Session, settings: Settings) -> list[Standing]:
    rows = repo.cursors(session)
    configured = servers(settings)
    # None of the configured servers has a row: the first ones of an installation (or one
    # renamed, host:port changed): in sync. A server added beside known ones is new.
    first = not any(server.name in rows for server in configured)
    out = []
    for server in configured:
        row = rows.get(server.name)
        if row is not None:
            state = ServerState(row.state)
        else:
            state = ServerState.in_sync if first else ServerState.behind
        out.append(Standing(server, state, row))
    return out


def behind_names(session: Session, settings: Settings) -> frozenset[str]:
    """The servers searches should not ask while another answers."""
    return frozenset(
        s.server.name for s in standings(session, settings) if s.state == ServerState.behind
    )


@dataclass
class Feed:
    """The servers a pass sends to (in sync and answering), and what it found of the others."""

    standings: list[Standing]
    up: list[Server] = field(default_factory=list)
    down: list[Server] = field(default_factory=list)  # in sync, but did not answer /health
    missed: list[Server] = field(default_factory=list)  # answered, then failed the pass
    started: datetime = field(default_factory=utcnow)


def put(session: Session, name: str, known: bool, now: datetime, **values: object) -> None:
    """Write a server's cursor, its first row or an update."""
    if known:
        repo.set_cursor(session, name, now, **values)
        return
    row = {"delivered_through": 0, "replay_at": None, "replay_id": 0, **values}
    repo.add_cursor(session, SearchServerCursor(server=name, updated_at=now, **row))  # type: ignore[arg-type]


def in_sync(session: Session, standing: Standing, now: datetime) -> None:
    """The server has every processed event: it joins the passes at the frontier."""
    through = repo.frontier(session, followed_types())
    put(
        session,
        standing.server.name,
        standing.cursor is not None,
        now,
        state=ServerState.in_sync,
        delivered_through=through,
        replay_at=None,
        replay_id=0,
    )


def settle(session: Session, fed: Feed, now: datetime) -> None:
    """After a pass that at least one server took, in the transaction marking its events:
    write the rows not written yet, let the servers that missed it fall behind, and move the
    in-sync ones to the frontier."""
    through = repo.frontier(session, followed_types())
    for standing in fed.standings:
        if standing.cursor is None:
            values = {"state": standing.state, "delivered_through": 0}
            if standing.state == ServerState.in_sync:
                values["delivered_through"] = through
            put(session, standing.server.name, False, now, **values)
    missed = [s.name for s in (*fed.down, *fed.missed)]
    if missed:
        repo.fall_behind(session, missed, fed.started - MARGIN, now)
    repo.advance_in_sync(session, through, now)
