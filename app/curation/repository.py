"""Queries over curation events, revisions and the curation queue (every curated kind)."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from app.accounts.models import Organisation, User
from app.curation.kinds import CuratedKind
from app.curation.models import Action, CurationEvent, IdempotencyRecord, RevisionStatus

QUEUE_STATES = (RevisionStatus.submitted, RevisionStatus.in_review)
# Events that make their actor an author of the item (who may then not decide on it).
AUTHORING = (Action.create, Action.edit, Action.submit)


def get_subject(session: Session, kind: CuratedKind, subject_id: int) -> Any:
    return session.get(kind.subject, subject_id)


def get_revision(session: Session, kind: CuratedKind, revision_id: int | None) -> Any:
    return session.get(kind.revision, revision_id) if revision_id else None


def _public(model: Any) -> list[Any]:
    # Public: approved at least once and not archived (the engine's definition, every kind).
    return [col(model.published_revision_id).is_not(None), col(model.archived_at).is_(None)]


def published_items(
    session: Session, kind: CuratedKind, ids: Iterable[int]
) -> list[tuple[Any, Any]]:
    """The public items among these ids, each with its published revision."""
    ids = list(ids)
    if not ids:
        return []
    subject, revision = kind.subject, kind.revision
    rows = session.exec(
        select(subject, revision)
        .join(revision, col(revision.id) == col(subject.published_revision_id))
        .where(col(subject.id).in_(ids), *_public(subject))
    )
    return [(item, published) for item, published in rows]


def published_ids(session: Session, kind: CuratedKind, after: int, limit: int) -> list[int]:
    """Keyset pages of public item ids, for full loads (search indexes)."""
    model = kind.subject
    rows = session.exec(
        select(model.id)
        .where(*_public(model), col(model.id) > after)
        .order_by(col(model.id))
        .limit(limit)
    )
    return [r for r in rows if r is not None]


def max_revision_number(session: Session, kind: CuratedKind, subject_id: int) -> int:
    parent = getattr(kind.revision, kind.parent_key)
    return (
        session.exec(select(func.max(kind.revision.number)).where(parent == subject_id)).one() or 0
    )


def claim_version(session: Session, kind: CuratedKind, subject: Any) -> bool:
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
    session: Session, kind: CuratedKind, subject_id: int
) -> list[tuple[CurationEvent, str, int]]:
    revision = kind.revision
    rows = session.exec(
        select(CurationEvent, User.name, revision.number)
        .join(User, col(User.id) == CurationEvent.actor_id)
        .join(revision, col(revision.id) == CurationEvent.revision_id)
        .where(CurationEvent.subject_type == kind.name, CurationEvent.subject_id == subject_id)
        .order_by(col(CurationEvent.id))
    )
    return [(e, name, number) for e, name, number in rows]


def latest_feedback(session: Session, kind: CuratedKind, revision_id: int) -> CurationEvent | None:
    return session.exec(
        select(CurationEvent)
        .where(
            CurationEvent.subject_type == kind.name,
            CurationEvent.revision_id == revision_id,
            col(CurationEvent.action).in_([Action.request_changes, Action.reject]),
        )
        .order_by(col(CurationEvent.id).desc())
    ).first()


def changes_asked(
    session: Session, kind: CuratedKind, revision_ids: list[int]
) -> dict[int, dict[str, Any] | None]:
    """The revisions the curators asked changes of, each with the content of the latest
    request (None for requests recorded before that content was kept)."""
    if not revision_ids:
        return {}
    rows = session.exec(
        select(CurationEvent.revision_id, CurationEvent.content_asked)
        .where(
            CurationEvent.subject_type == kind.name,
            col(CurationEvent.revision_id).in_(revision_ids),
            CurationEvent.action == Action.request_changes,
        )
        .order_by(col(CurationEvent.id))
    ).all()
    # The latest request wins.
    return {rev: dict(content) if content is not None else None for rev, content in rows}


def approvers_since_claim(session: Session, kind: CuratedKind, revision_id: int) -> set[int]:
    """Curators who approved this revision since it was last claimed (four-eyes rule)."""
    return approvers_since_claims(session, kind, [revision_id]).get(revision_id, set())


def approvers_since_claims(
    session: Session, kind: CuratedKind, revision_ids: list[int]
) -> dict[int, set[int]]:
    """`approvers_since_claim` of many revisions in one query (the queue lists hundreds)."""
    rows = session.exec(
        select(CurationEvent.revision_id, CurationEvent.action, CurationEvent.actor_id)
        .where(
            CurationEvent.subject_type == kind.name,
            col(CurationEvent.revision_id).in_(revision_ids),
            col(CurationEvent.action).in_([Action.claim, Action.approve]),
        )
        .order_by(col(CurationEvent.id))
    ).all()
    approvers: dict[int, set[int]] = {}
    for revision_id, action, actor_id in rows:
        if action == Action.claim:  # a new claim starts the count again
            approvers[revision_id] = set()
        else:
            approvers.setdefault(revision_id, set()).add(actor_id)
    return approvers


QueueRow = tuple[Any, Any, str | None]


def queue(
    session: Session,
    kind: CuratedKind,
    theme: str | None,
    uf: str | None,
    template: str | None,
    limit: int,
) -> tuple[list[QueueRow], int]:
    """The first `limit` waiting revisions of one kind, oldest first, and how many wait."""
    revision, subject = kind.revision, kind.subject
    claimer = User.__table__.alias("claimer")  # type: ignore[attr-defined]
    query = select(revision, subject, claimer.c.name)
    query = query.join(subject, col(subject.latest_revision_id) == revision.id)
    query = query.outerjoin(claimer, claimer.c.id == revision.claimed_by_id)
    query = query.where(col(revision.status).in_(QUEUE_STATES))
    if theme:
        query = query.where(col(revision.themes_key).contains(f"|{theme}|"))
    if uf:
        query = query.where(col(revision.ufs_key).contains(f"|{uf.upper()}|"))
    if template:
        if kind.template_filter is None:
            return [], 0  # this kind has no templates
        query = query.where(kind.template_filter(template))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(revision.submitted_at), col(revision.id)).limit(limit))
    return [tuple(r) for r in rows], total


def organisation_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(
        select(Organisation.id, Organisation.name).where(col(Organisation.id).in_(ids))
    )
    return {oid: name for oid, name in rows if oid is not None}


def authored_by(
    session: Session, kind: CuratedKind, subject_ids: list[int], user: User
) -> set[int]:
    """Which of these items the user created, edited or submitted (separation of duties)."""
    if not subject_ids:
        return set()
    rows = session.exec(
        select(CurationEvent.subject_id)
        .where(
            CurationEvent.subject_type == kind.name,
            col(CurationEvent.subject_id).in_(subject_ids),
            CurationEvent.actor_id == user.id,
            col(CurationEvent.action).in_(AUTHORING),
        )
        .distinct()
    )
    return set(rows)


def oldest_waiting(session: Session, kind: CuratedKind) -> datetime | None:
    oldest: datetime | None = session.exec(
        select(func.min(kind.revision.submitted_at)).where(
            col(kind.revision.status).in_(QUEUE_STATES)
        )
    ).one()
    return oldest


def get_idempotency(
    session: Session, kind: CuratedKind, user_id: int, key: str
) -> IdempotencyRecord | None:
    return session.exec(
        select(IdempotencyRecord).where(
            IdempotencyRecord.user_id == user_id,
            IdempotencyRecord.subject_type == kind.name,
            IdempotencyRecord.key == key,
        )
    ).first()
