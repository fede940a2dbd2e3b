"""Outbox helpers for changes outside curation that the search documents show. Call them in
the same transaction as the change; the worker expands them to the affected documents."""

from sqlmodel import Session

from app.outbox.models import EntityType
from app.outbox.service import enqueue


def organisation_changed(session: Session, organisation_id: int) -> None:
    """An organisation was renamed or retyped: its published practices are re-indexed."""
    enqueue(session, EntityType.organisation, organisation_id, "organisation.changed")


def municipality_changed(session: Session, ibge_code: int) -> None:
    """A municipality was renamed: its autocomplete entry and the practices naming it."""
    enqueue(session, EntityType.municipality, ibge_code, "municipality.changed")
