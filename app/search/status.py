"""Outbox backlog for /readyz (no Meilisearch import: app.core may use it)."""

from typing import Any

from sqlmodel import Session

from app.db import utcnow
from app.search import repository as repo
from app.search.specs import followed_types


def outbox_backlog(session: Session) -> dict[str, Any]:
    """Events the search index has not followed yet, and how old the oldest one is."""
    pending, oldest = repo.backlog(session, followed_types())
    age = round((utcnow() - oldest).total_seconds(), 1) if oldest is not None else None
    return {"pending": pending, "oldest_age_s": age}
