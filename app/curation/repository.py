"""Queries over curation events, revisions and the curation queue (every curated kind)."""

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from app.accounts.models import Organisation, User
from app.curation.kinds import CurationKind
from app.curation.models import Action, CurationEvent, RevisionStatus

QUEUE_STATES = (RevisionStatus.submitted, RevisionStatus.in_review)


def get_subject(session: Session, kind: CurationKind, subject_id: int) -> Any:
    return session.get(kind.subject, subject_id)


def get_revision(session: Session, kind: CurationKind, revision_id: int | None) -> Any:
    return session.get(kind.revision, revision_id) if revision_id else None


def max_revision_number(session: Session, kind: CurationKind, subject_id: int) -> int:
    parent = getattr(kind.revision, kind.parent_key)
    return (
        session.exec(select(func.max(kind.revision.number)).where(parent == subject_id)).one() or 0
    )


def claim_version(session: Session, kind: CurationKind, subject: Any) -> bool:
    """Conditionally bump the item's version; False means someone else changed it first.

    On PostgreSQL the UPDATE also locks the row until commit, so a racing decision waits
    and then finds the version moved on."""
    model = kind.subject
    result = session.execute(
        update(model)
        .where(col(model.id) == subject.id, col(model.version) == subject.version)
        .values(version=model.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    subject.version += 1
    return True


def events_of(
    session: Session, kind: CurationKind, subject_id: int
) -> list[tuple[CurationEvent, str, int]]:
    revision = kind.revision
    rows = session.exec(
        select(CurationEvent, User.name, revision.number)
        .join(User, col(User.id) == CurationEvent.actor_id)
        .join(revision, col(revision.id) == CurationEvent.revision_id)
        .where(CurationEvent.subject_type == kind.type, CurationEvent.subject_id == subject_id)
        .order_by(col(CurationEvent.id))
    )
    return [(e, name, number) for e, name, number in rows]


def latest_feedback(session: Session, kind: CurationKind, revision_id: int) -> CurationEvent | None:
    return session.exec(
        select(CurationEvent)
        .where(
            CurationEvent.subject_type == kind.type,
            CurationEvent.revision_id == revision_id,
            col(CurationEvent.action).in_([Action.request_changes, Action.reject]),
        )
        .order_by(col(CurationEvent.id).desc())
    ).first()


def approvers_since_claim(session: Session, kind: CurationKind, revision_id: int) -> set[int]:
    """Curators who approved this revision since it was last claimed (four-eyes rule)."""
    same = (CurationEvent.subject_type == kind.type, CurationEvent.revision_id == revision_id)
    last_claim = session.exec(
        select(func.max(CurationEvent.id)).where(*same, CurationEvent.action == Action.claim)
    ).one()
    rows = session.exec(
        select(CurationEvent.actor_id).where(
            *same, CurationEvent.action == Action.approve, col(CurationEvent.id) > (last_claim or 0)
        )
    )
    return set(rows)


QueueRow = tuple[Any, Any, str | None, str | None]


def queue(
    session: Session,
    kind: CurationKind,
    theme: str | None,
    uf: str | None,
    template: str | None,
    limit: int,
) -> tuple[list[QueueRow], int]:
    """The first `limit` waiting revisions of one kind, oldest first, and how many wait."""
    revision, subject = kind.revision, kind.subject
    claimer = User.__table__.alias("claimer")  # type: ignore[attr-defined]
    owner = getattr(subject, "organisation_id", None)
    org_name = Organisation.name if owner is not None else None
    query = select(revision, subject, org_name, claimer.c.name)
    query = query.join(subject, col(subject.latest_revision_id) == revision.id)
    if owner is not None:
        query = query.join(Organisation, col(Organisation.id) == owner)
    query = query.outerjoin(claimer, claimer.c.id == revision.claimed_by_id)
    query = query.where(col(revision.status).in_(QUEUE_STATES))
    if theme:
        query = query.where(col(revision.themes_key).contains(f"|{theme}|"))
    if uf:
        query = query.where(col(revision.ufs_key).contains(f"|{uf.upper()}|"))
    if template:
        if not hasattr(subject, "template"):
            return [], 0  # only practices have templates
        query = query.where(subject.template == template)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(revision.submitted_at), col(revision.id)).limit(limit))
    return [tuple(r) for r in rows], total


def oldest_waiting(session: Session, kind: CurationKind) -> datetime | None:
    return session.exec(
        select(func.min(kind.revision.submitted_at)).where(
            col(kind.revision.status).in_(QUEUE_STATES)
        )
    ).one()
