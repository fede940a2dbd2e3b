"""Queries the practice search documents are built from beyond the engine's public items and
revisions (app.curation.repository): their organisations, and which practices an outbox event
affects."""

from collections.abc import Iterable

from sqlmodel import Session, col, select

from app.accounts.models import Organisation
from app.practices.models import Practice, PracticeRevision


def organisations(session: Session, ids: Iterable[int]) -> dict[int, Organisation]:
    ids = list(set(ids))
    if not ids:
        return {}
    return {
        o.id or 0: o
        for o in session.exec(select(Organisation).where(col(Organisation.id).in_(ids)))
    }


def practice_ids_of_organisation(session: Session, organisation_id: int) -> list[int]:
    rows = session.exec(
        select(Practice.id).where(
            Practice.organisation_id == organisation_id,
            col(Practice.published_revision_id).is_not(None),
        )
    )
    return [r for r in rows if r is not None]


def practice_ids_naming_municipality(session: Session, code: int) -> list[int]:
    """Practices whose published revision names the municipality."""
    rows = session.exec(
        select(Practice.id)
        .join(PracticeRevision, col(PracticeRevision.id) == col(Practice.published_revision_id))
        .where(col(PracticeRevision.municipalities_key).contains(f"|{int(code)}|"))
    )
    return [r for r in rows if r is not None]
