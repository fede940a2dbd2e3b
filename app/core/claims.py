"""Claiming one row of a work queue before working on it (webhook deliveries, mail messages):
a conditional update that counts the attempt and hides the row until `until`, and succeeds
only if nobody else counted one since the row was read, so two workers never both take it.
Then what the attempt came to (`record_attempt`), and the queue's backlog for /readyz."""

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, update
from sqlmodel import Session, col, select


def claim_attempt(
    session: Session, model: type[Any], row_id: int, attempts: int, pending: Any, until: datetime
) -> bool:
    """`model` has id, status, attempts and next_attempt_at; False when another worker won."""
    result = session.execute(
        update(model)
        .where(
            col(model.id) == row_id,
            col(model.status) == pending,
            col(model.attempts) == attempts,
        )
        .values(attempts=attempts + 1, next_attempt_at=until)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult[Any], result).rowcount == 1  # an UPDATE: a cursor result


def record_attempt(session: Session, model: type[Any], row_id: int, values: dict[str, Any]) -> None:
    """Write what an attempt at one row came to (its status, next attempt, error...)."""
    session.execute(
        update(model)
        .where(col(model.id) == row_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def backlog(session: Session, model: type[Any], pending: Any) -> tuple[int, datetime | None]:
    """How many rows of `model` are still `pending`, and when the oldest of them was created."""
    count, oldest = session.exec(
        select(func.count(), func.min(model.created_at)).where(col(model.status) == pending)
    ).one()
    return int(count), oldest
