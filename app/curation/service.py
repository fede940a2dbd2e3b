"""Curation: the only place that changes the status of a curated item, or publishes it.
Every kind goes through the same transitions table, events, checklist, four-eyes rule and
separation of duties; what is particular to a kind comes from its declaration."""

from typing import Any

from sqlmodel import Session

from app.accounts.models import User, is_staff
from app.config import get_settings
from app.curation import drafts, hooks, rights, translations
from app.curation import repository as repo
from app.curation.kinds import CuratedKind
from app.curation.models import (
    Action,
    CurationEvent,
    EventPublic,
    LifecycleStatus,
    RevisionStatus,
)
from app.curation.transitions import (
    CURATOR_ACTIONS,
    EDITABLE,
    TRANSITIONS,
    allowed_from,
)
from app.db import utcnow
from app.errors import Conflict, NotFound
from app.outbox.service import enqueue

PUBLIC_ACTIONS = frozenset({Action.approve, Action.withdraw, Action.verify})
Subject = Any  # a CuratedBase table row of the kind
Revision = Any  # a RevisionBase table row of the kind


def derive_status(subject: Subject, latest: Revision) -> LifecycleStatus:
    if subject.archived_at is not None:
        return LifecycleStatus.archived
    if latest.status == RevisionStatus.approved:
        return LifecycleStatus.published
    if latest.status == RevisionStatus.rejected and rights.is_public(subject):
        return LifecycleStatus.published
    return LifecycleStatus(latest.status.value)


def allowed_actions(subject: Subject, latest: Revision) -> list[str]:
    return allowed_from(latest.status, published=rights.is_public(subject))


def approvals_required(kind: CuratedKind) -> int:
    return kind.approvals_required or get_settings().approvals_required


def _event(
    kind: CuratedKind,
    subject: Subject,
    revision: Revision,
    actor: User,
    action: Action,
    from_status: str,
    to_status: str,
    reason: str | None = None,
    checklist: dict[str, Any] | None = None,
) -> CurationEvent:
    return CurationEvent(
        subject_type=kind.name,
        subject_id=subject.id,
        revision_id=revision.id,
        actor_id=actor.id or 0,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        checklist=checklist,
    )


def start(session: Session, actor: User, kind: CuratedKind, subject: Subject) -> Revision:
    """Give a new item (already flushed) its first, draft revision; the caller fills and commits."""
    subject.status = LifecycleStatus.draft
    revision = kind.new_revision(subject.id, 1, actor.id or 0)
    session.add(revision)
    session.flush()
    subject.latest_revision_id = revision.id
    session.add(
        _event(kind, subject, revision, actor, Action.create, "", RevisionStatus.draft.value)
    )
    return revision


def revise(session: Session, actor: User, kind: CuratedKind, subject: Subject) -> Revision:
    """The revision an edit goes into: the working one, or a new one when the item is published
    (the published revision stays public until the new one is approved). The caller fills it."""
    latest = latest_revision(session, kind, subject)
    archived = subject.archived_at is not None
    if archived and not kind.reopens_archived:
        raise Conflict("an archived item cannot be edited", allowed=[])
    # Once published (withdrawn since, for kinds that reopen), a decided revision stays as
    # decided and the edit goes into a new one; the item stays archived until it is approved.
    reopen = latest.status == RevisionStatus.approved or (
        latest.status == RevisionStatus.rejected and (archived or rights.is_public(subject))
    )
    if latest.status not in EDITABLE and not reopen:
        raise Conflict(
            f"an item whose revision is {latest.status.value} cannot be edited now",
            allowed=allowed_actions(subject, latest),
        )
    claim_version(session, kind, subject)
    if reopen:
        latest = kind.new_revision(
            subject.id, repo.max_revision_number(session, kind, subject.id) + 1, actor.id or 0
        )
        session.add(latest)
        session.flush()
        subject.latest_revision_id = latest.id
    subject.status = derive_status(subject, latest)
    subject.updated_at = latest.updated_at = utcnow()
    reason = (
        f"nova revisão de um item {'retirado' if archived else 'publicado'}" if reopen else None
    )
    status = latest.status.value
    session.add(_event(kind, subject, latest, actor, Action.edit, status, status, reason))
    return latest


def latest_revision(session: Session, kind: CuratedKind, subject: Subject) -> Revision:
    revision = repo.get_revision(session, kind, subject.latest_revision_id)
    if revision is None:
        raise NotFound(f"{kind.name} {subject.id} has no revision")
    return revision


def _refuse(subject: Subject, revision: Revision, action: Action) -> Conflict:
    allowed = allowed_actions(subject, revision)
    return Conflict(
        f"cannot {action.value} an item whose revision is {revision.status.value}; "
        f"allowed now: {', '.join(allowed) or 'none'}",
        current_status=revision.status.value,
        allowed=allowed,
    )


def claim_version(session: Session, kind: CuratedKind, subject: Subject) -> None:
    """Take the item's optimistic lock for this transaction, or answer 409."""
    if not repo.claim_version(session, kind, subject):
        raise Conflict("another change to this item was recorded first; reload it")


def _publish(
    session: Session, kind: CuratedKind, subject: Subject, revision: Revision, actor: User
) -> RevisionStatus:
    approvers = repo.approvers_since_claim(session, kind, revision.id)
    if actor.id in approvers:
        raise Conflict("you already approved this revision; another curator must approve it")
    if len(approvers) + 1 < approvals_required(kind):
        return RevisionStatus.in_review  # four-eyes: recorded, waiting for another curator
    before = repo.get_revision(session, kind, subject.published_revision_id)
    subject.published_revision_id = revision.id
    subject.published_at = subject.published_at or utcnow()
    subject.archived_at = None
    enqueue(session, kind.entity_type, subject.id, kind.published_event)
    if translations.changed(before.content if before else {}, revision.content):
        enqueue(session, kind.entity_type, subject.id, kind.translated_event)
    return RevisionStatus.approved


def apply(
    session: Session,
    actor: User,
    kind: CuratedKind,
    subject: Subject,
    action: Action,
    reason: str | None = None,
    checklist: dict[str, Any] | None = None,
) -> CurationEvent:
    """Run one transition from the table; the caller commits."""
    if action in CURATOR_ACTIONS:
        rights.require_decider(session, actor, kind, subject)
    revision = latest_revision(session, kind, subject)
    sources, target = TRANSITIONS[action]
    if revision.status not in sources:
        raise _refuse(subject, revision, action)
    claim_version(session, kind, subject)
    before, now = revision.status, utcnow()
    if action == Action.approve:
        target = _publish(session, kind, subject, revision, actor)
    elif action == Action.submit:
        # Sent again after changes, it keeps its place in the queue: the first submission.
        revision.submitted_at = revision.submitted_at or now
    elif action == Action.claim:
        revision.claimed_by_id = actor.id
    revision.status = target
    revision.updated_at = subject.updated_at = now
    subject.status = derive_status(subject, revision)
    event = _event(
        kind, subject, revision, actor, action, before.value, target.value, reason, checklist
    )
    if action == Action.request_changes:  # what changed since is shown on resubmission
        event.content_asked = dict(revision.content)
    session.add_all([revision, subject, event])
    hooks.emit(session, kind, subject, event)  # e.g. mail to the authors, in this transaction
    return event


def withdraw(
    session: Session, actor: User, kind: CuratedKind, subject: Subject, reason: str | None
) -> None:
    """Archive a published item; the caller commits."""
    revision = latest_revision(session, kind, subject)
    if not rights.is_public(subject):
        raise _refuse(subject, revision, Action.withdraw)
    claim_version(session, kind, subject)
    published = repo.get_revision(session, kind, subject.published_revision_id)
    subject.archived_at = subject.updated_at = utcnow()
    subject.status = LifecycleStatus.archived
    enqueue(session, kind.entity_type, subject.id, kind.archived_event)
    event = _event(
        kind,
        subject,
        published,
        actor,
        Action.withdraw,
        LifecycleStatus.published.value,
        LifecycleStatus.archived.value,
        reason,
    )
    session.add_all([subject, event])
    hooks.emit(session, kind, subject, event)  # e.g. mail to the authors, in this transaction


def record_verification(
    session: Session, actor: User, kind: CuratedKind, subject: Subject, note: str | None
) -> None:
    """A curator confirmed a published item is still accurate; the caller commits."""
    if not is_staff(actor):
        raise rights.refuse(rights.Refusal.curators_only)
    if not rights.is_public(subject):
        raise Conflict("only a published item can be verified", allowed=[])
    claim_version(session, kind, subject)
    published = repo.get_revision(session, kind, subject.published_revision_id)
    status = LifecycleStatus.published.value
    session.add(_event(kind, subject, published, actor, Action.verify, status, status, note))


def history(session: Session, kind: CuratedKind, subject: Subject, full: bool) -> list[EventPublic]:
    """Every event of the item (full), or only publication events (public)."""
    return [
        EventPublic(
            id=e.id or 0,
            revision_id=e.revision_id,
            revision_number=number,
            actor=name if full else "curadoria",
            action=e.action,
            from_status=e.from_status,
            to_status=e.to_status,
            reason=e.reason if full else None,
            checklist=e.checklist if full else None,
            created_at=e.created_at,
        )
        for e, name, number in repo.events_of(session, kind, subject.id)
        if full or e.action in PUBLIC_ACTIONS
    ]


def visible(session: Session, user: User | None, kind: CuratedKind, subject_id: int) -> Subject:
    """The item if this user may see it (public, or managed by them); otherwise 404."""
    subject = repo.get_subject(session, kind, subject_id)
    if subject is None or not rights.may_see(user, kind, subject):
        raise NotFound(f"{kind.name} {subject_id} not found")
    return subject


def submit(session: Session, actor: User, kind: CuratedKind, subject: Subject) -> None:
    """Send the working revision to the queue (its organisation or curators); caller commits."""
    rights.require_manager(actor, kind, subject)
    latest = latest_revision(session, kind, subject)
    if latest.status in TRANSITIONS[Action.submit][0]:  # else the 409 says why not now
        drafts.complete(kind, latest.content)  # a draft may be partial; what is sent may not
    apply(session, actor, kind, subject, Action.submit)


def withdraw_item(
    session: Session, actor: User, kind: CuratedKind, subject: Subject, reason: str | None
) -> None:
    """Archive a published item on behalf of its organisation or curators; caller commits."""
    rights.require_manager(actor, kind, subject)
    withdraw(session, actor, kind, subject, reason)


def history_for(
    session: Session, user: User | None, kind: CuratedKind, subject_id: int
) -> list[EventPublic]:
    """Every event of the item for those who manage it; for everyone else, publication events."""
    subject = visible(session, user, kind, subject_id)
    return history(session, kind, subject, full=rights.may_manage(user, kind, subject))
