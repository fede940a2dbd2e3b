"""Reading the outbox in an order that never skips nor repeats a row, for readers that keep
their own position (the public change feed, the webhook dispatcher). The search worker does
not use it: it marks rows processed instead.

Why not "every id after the last one I saw": on PostgreSQL ids come from a sequence at INSERT
time, so two overlapping transactions can commit in the opposite order of their ids; a reader
that saw id 11 (committed first) would skip id 10 (committed a moment later) forever.

What we do instead: every row records its writing transaction (`txid`, the server default
`pg_current_xact_id()`), and a reader only takes rows whose transaction is older than the
xmin horizon of a snapshot taken when it reads. Every transaction below that horizon has
finished, and every transaction that has not finished yet (or has not started) has a txid at
or above it, so the set of rows a reader may see only ever grows *after* the position it has
reached when rows are ordered by (txid, id). A long transaction anywhere on the server delays
the feed (rows wait below the horizon) but never reorders it.

On SQLite every write transaction starts with BEGIN IMMEDIATE (app/db.py), so writers are
serialised, id order is commit order, txid is 0 and no horizon applies."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text, tuple_
from sqlmodel import Session, col, func, select

from app.outbox.models import OutboxEvent


@dataclass(frozen=True, order=True)
class Position:
    """Where a reader is: after the row (txid, event_id). The start is (0, 0)."""

    txid: int = 0
    event_id: int = 0

    @classmethod
    def of(cls, event: OutboxEvent) -> "Position":
        return cls(event.txid or 0, event.id or 0)


START = Position()


def horizon(session: Session) -> int | None:
    """Transactions below this id have all finished (None: SQLite, where writes are serialised).
    Take it before reading rows and before locking anything in the same transaction."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    query = text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
    return int(session.execute(query).scalar_one())


def resumable(session: Session, after: Position) -> Position:
    """A position that names a transaction this PostgreSQL server has not reached yet was
    recorded on another server (a backup restored elsewhere, app/backup/ids.py): the restore
    moved the restored rows to transaction 0, and event ids never repeat, so the reader
    resumes after its event id alone."""
    if after.txid == 0 or session.get_bind().dialect.name != "postgresql":
        return after
    query = text("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")
    upper = int(session.execute(query).scalar_one())
    return Position(0, after.event_id) if after.txid >= upper else after


def _after(query: Any, after: Position, kinds: Iterable[str], limit: int, below: int | None) -> Any:
    """`query` narrowed to rows of these kinds after `after` below the horizon, in order."""
    query = query.where(
        col(OutboxEvent.kind).in_(list(kinds)),
        tuple_(col(OutboxEvent.txid), col(OutboxEvent.id)) > tuple_(after.txid, after.event_id),
    )
    if below is not None:
        query = query.where(col(OutboxEvent.txid) < below)
    return query.order_by(col(OutboxEvent.txid), col(OutboxEvent.id)).limit(limit)


def committed_after(
    session: Session, after: Position, kinds: Iterable[str], limit: int, below: int | None
) -> list[OutboxEvent]:
    """Rows of these kinds after `after` whose transaction is below the horizon, in order."""
    return list(session.exec(_after(select(OutboxEvent), after, kinds, limit, below)))


def positions_after(
    session: Session, after: Position, kinds: Iterable[str], limit: int, below: int | None
) -> list[Position]:
    """The positions of the same rows, without loading them (a reader that only moves on)."""
    query = _after(select(OutboxEvent.txid, OutboxEvent.id), after, kinds, limit, below)
    return [Position(txid or 0, event_id or 0) for txid, event_id in session.exec(query)]


def read_after(
    session: Session, after: Position, kinds: Iterable[str], limit: int
) -> list[OutboxEvent]:
    """The next committed rows after `after` (horizon taken first, in this transaction)."""
    below = horizon(session)
    return committed_after(session, resumable(session, after), kinds, limit, below)


def settled(session: Session) -> bool:
    """Every outbox row committed so far is below the horizon: a reader sees all of them.
    (False for as long as some older transaction on the server is still running.)"""
    below = horizon(session)
    if below is None:
        return True
    newest = session.exec(select(func.max(OutboxEvent.txid))).one()
    return newest is None or newest < below


def version(session: Session, recent: int = 1000) -> str:
    """A short text that changes whenever another outbox row becomes visible: the newest
    settled row (its transaction below the horizon) and the ids of the visible rows above the
    horizon. A row committed late with a lower id (see above) changes it too, and a long
    transaction elsewhere that holds the horizon back does not hide newer commits."""
    below = horizon(session)
    settled = select(OutboxEvent)
    if below is not None:
        settled = settled.where(col(OutboxEvent.txid) < below)
    order = (col(OutboxEvent.txid).desc(), col(OutboxEvent.id).desc())
    newest = session.exec(settled.order_by(*order).limit(1)).first()
    position = START if newest is None else Position.of(newest)
    above: list[int] = []
    if below is not None:
        query = select(OutboxEvent.id).where(col(OutboxEvent.txid) >= below)
        above = [
            int(i or 0) for i in session.exec(query.order_by(col(OutboxEvent.id)).limit(recent))
        ]
    return f"{position.txid}.{position.event_id}." + ",".join(map(str, above))
