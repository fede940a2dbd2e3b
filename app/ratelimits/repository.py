"""Queries over the rate-limit counters (one row per rule and client, the current window)."""

from datetime import datetime
from typing import Any

from sqlalchemy import case, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from app.ratelimits.models import RateLimitBucket

TABLE = RateLimitBucket.__table__  # type: ignore[attr-defined]


def hit(session: Session, key: str, window_start: datetime, by: int = 1) -> int:
    """Count `by` requests in the key's window, atomically; the hits so far in that window.

    One statement (an upsert) on SQLite and PostgreSQL alike, so concurrent processes never
    lose a hit: a row left from an earlier window starts again at `by`."""
    dialect: Any = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    insert = dialect.insert(TABLE).values(key=key, window_start=window_start, hits=by)
    same_window = TABLE.c.window_start == insert.excluded.window_start
    upsert = insert.on_conflict_do_update(
        index_elements=[TABLE.c.key],
        set_={
            "hits": case((same_window, TABLE.c.hits + insert.excluded.hits), else_=by),
            "window_start": insert.excluded.window_start,
        },
    ).returning(TABLE.c.hits)
    return int(session.execute(upsert).scalar_one())


def hits(session: Session, key: str, window_start: datetime) -> int:
    """The key's hits in this window (0 when it has none or only an older window's)."""
    found = session.exec(
        select(RateLimitBucket.hits)
        .where(RateLimitBucket.key == key)
        .where(RateLimitBucket.window_start == window_start)
    ).first()
    return found or 0


def forget(session: Session, key: str) -> None:
    session.execute(delete(RateLimitBucket).where(col(RateLimitBucket.key) == key))


def forget_many(session: Session, keys: list[str]) -> int:
    result = session.execute(delete(RateLimitBucket).where(col(RateLimitBucket.key).in_(keys)))
    return int(getattr(result, "rowcount", 0) or 0)


def forget_prefix(session: Session, prefix: str) -> int:
    """Drop every counter whose key starts with `prefix`."""
    key = col(RateLimitBucket.key)
    result = session.execute(delete(RateLimitBucket).where(key.startswith(prefix, autoescape=True)))
    return int(getattr(result, "rowcount", 0) or 0)


def forget_suffix(session: Session, prefix: str, suffix: str) -> int:
    """Drop every counter whose key starts with `prefix` and ends with `suffix`."""
    key = col(RateLimitBucket.key)
    result = session.execute(
        delete(RateLimitBucket).where(
            key.startswith(prefix, autoescape=True), key.endswith(suffix, autoescape=True)
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


def prune(session: Session, started_before: datetime) -> int:
    """Drop counters whose window started before the cut-off (all their windows are over)."""
    result = session.execute(
        delete(RateLimitBucket).where(col(RateLimitBucket.window_start) < started_before)
    )
    return int(getattr(result, "rowcount", 0) or 0)
