"""Queries over curation events and the curation queue."""

from datetime import datetime

from sqlmodel import Session, col, func, select

from app.accounts.models import Organisation, User
from app.curation.models import Action, CurationEvent
from app.practices.models import Practice, PracticeRevision, RevisionStatus

QUEUE_STATES = (RevisionStatus.submitted, RevisionStatus.in_review)


def events_of(session: Session, practice_id: int) -> list[tuple[CurationEvent, str, int]]:
    rows = session.exec(
        select(CurationEvent, User.name, PracticeRevision.number)
        .join(User, col(User.id) == CurationEvent.actor_id)
        .join(PracticeRevision, col(PracticeRevision.id) == CurationEvent.revision_id)
        .where(CurationEvent.practice_id == practice_id)
        .order_by(col(CurationEvent.id))
    )
    return [(e, name, number) for e, name, number in rows]


def latest_feedback(session: Session, revision_id: int) -> CurationEvent | None:
    return session.exec(
        select(CurationEvent)
        .where(
            CurationEvent.revision_id == revision_id,
            col(CurationEvent.action).in_([Action.request_changes, Action.reject]),
        )
        .order_by(col(CurationEvent.id).desc())
    ).first()


def approvers_since_claim(session: Session, revision_id: int) -> set[int]:
    """Curators who approved this revision since it was last claimed (four-eyes rule)."""
    last_claim = session.exec(
        select(func.max(CurationEvent.id)).where(
            CurationEvent.revision_id == revision_id, CurationEvent.action == Action.claim
        )
    ).one()
    rows = session.exec(
        select(CurationEvent.actor_id).where(
            CurationEvent.revision_id == revision_id,
            CurationEvent.action == Action.approve,
            col(CurationEvent.id) > (last_claim or 0),
        )
    )
    return set(rows)


def queue(
    session: Session,
    theme: str | None,
    uf: str | None,
    template: str | None,
    limit: int,
    offset: int,
) -> tuple[list[tuple[PracticeRevision, Practice, str, str | None]], int]:
    claimer = User.__table__.alias("claimer")  # type: ignore[attr-defined]
    query = (
        select(PracticeRevision, Practice, Organisation.name, claimer.c.name)
        .join(Practice, col(Practice.id) == PracticeRevision.practice_id)
        .join(Organisation, col(Organisation.id) == Practice.organisation_id)
        .outerjoin(claimer, claimer.c.id == PracticeRevision.claimed_by_id)
        .where(col(PracticeRevision.status).in_(QUEUE_STATES))
        .where(col(Practice.latest_revision_id) == PracticeRevision.id)
    )
    if theme:
        query = query.where(col(PracticeRevision.themes_key).contains(f"|{theme}|"))
    if uf:
        query = query.where(col(PracticeRevision.ufs_key).contains(f"|{uf.upper()}|"))
    if template:
        query = query.where(Practice.template == template)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(PracticeRevision.submitted_at), col(PracticeRevision.id))
        .limit(limit)
        .offset(offset)
    )
    return [(r, p, org, c) for r, p, org, c in rows], total


def oldest_waiting(session: Session) -> datetime | None:
    return session.exec(
        select(func.min(PracticeRevision.submitted_at)).where(
            col(PracticeRevision.status).in_(QUEUE_STATES)
        )
    ).one()
