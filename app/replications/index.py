"""Replications are not an index of their own: each is part of its practice's search
document (replicated, replicated_ufs), which follows the replication's outbox events."""

from sqlmodel import Session

from app.replications import repository as repo


def replicated_practice(session: Session, replication_id: int) -> list[int]:
    """The practice document a replication event affects."""
    practice_id = repo.practice_of(session, replication_id)
    return [practice_id] if practice_id is not None else []
