"""Curation: the only place that changes a practice's status or publishes it."""

from typing import Any

from sqlmodel import Session

from app.accounts.models import User
from app.catalog.loader import get_catalog
from app.config import get_settings
from app.curation import repository as repo
from app.curation.models import (
    Action,
    CurationEvent,
    DecisionCreate,
    EventPublic,
    QueueItem,
    QueuePage,
)
from app.curation.transitions import CURATOR_ACTIONS, NEEDS_REASON, TRANSITIONS, allowed_from
from app.db import utcnow
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.outbox.models import EntityType
from app.outbox.service import enqueue
from app.practices import repository as practices
from app.practices.access import is_public, is_staff
from app.practices.models import Practice, PracticeRevision, PracticeStatus, RevisionStatus

PUBLIC_ACTIONS = frozenset({Action.approve, Action.withdraw})


def derive_status(practice: Practice, latest: PracticeRevision) -> PracticeStatus:
    if practice.archived_at is not None:
        return PracticeStatus.archived
    if latest.status == RevisionStatus.approved:
        return PracticeStatus.published
    if latest.status == RevisionStatus.rejected and is_public(practice):
        return PracticeStatus.published
    return PracticeStatus(latest.status.value)


def allowed_actions(practice: Practice, latest: PracticeRevision) -> list[str]:
    return allowed_from(latest.status, published=is_public(practice))


def _event(
    practice: Practice, revision: PracticeRevision, actor: User, action: Action,
    from_status: str, to_status: str, reason: str | None = None,
    checklist: dict[str, Any] | None = None,
) -> CurationEvent:
    return CurationEvent(
        practice_id=practice.id or 0, revision_id=revision.id or 0, actor_id=actor.id or 0,
        action=action, from_status=from_status, to_status=to_status, reason=reason,
        checklist=checklist,
    )


def record_creation(session: Session, practice: Practice, revision: PracticeRevision, actor: User) -> None:
    session.add(_event(practice, revision, actor, Action.create, "", RevisionStatus.draft.value))


def record_edit(
    session: Session, practice: Practice, revision: PracticeRevision, actor: User, new_revision: bool
) -> None:
    reason = "nova revisão de uma prática publicada" if new_revision else None
    status = revision.status.value
    session.add(_event(practice, revision, actor, Action.edit, status, status, reason))


def _latest(session: Session, practice: Practice) -> PracticeRevision:
    revision = practices.get_revision(session, practice.latest_revision_id)
    if revision is None:
        raise NotFound(f"practice {practice.id} has no revision")
    return revision


def _refuse(practice: Practice, revision: PracticeRevision, action: Action) -> Conflict:
    allowed = allowed_actions(practice, revision)
    return Conflict(
        f"cannot {action.value} a practice whose revision is {revision.status.value}; "
        f"allowed now: {', '.join(allowed) or 'none'}",
        current_status=revision.status.value,
        allowed=allowed,
    )


def _claim_version(session: Session, practice: Practice) -> None:
    if not practices.claim_version(session, practice):
        raise Conflict("another decision on this practice was recorded first; reload it")


def apply(
    session: Session, actor: User, practice: Practice, action: Action,
    reason: str | None = None, checklist: dict[str, Any] | None = None,
) -> CurationEvent:
    """Run one transition from the table; the caller commits."""
    if action in CURATOR_ACTIONS and not is_staff(actor):
        raise Forbidden("esta ação é reservada à curadoria")
    revision = _latest(session, practice)
    sources, target = TRANSITIONS[action]
    if revision.status not in sources:
        raise _refuse(practice, revision, action)
    _claim_version(session, practice)
    before = revision.status
    now = utcnow()
    if action == Action.approve:
        approvers = repo.approvers_since_claim(session, revision.id or 0)
        if actor.id in approvers:
            raise Conflict("you already approved this revision; another curator must approve it")
        if len(approvers) + 1 < get_settings().approvals_required:
            target = before  # four-eyes: recorded, waiting for another curator
        else:
            practice.published_revision_id = revision.id
            practice.published_at = practice.published_at or now
            practice.archived_at = None
            enqueue(session, EntityType.practice, practice.id or 0, "practice.published")
    if action == Action.submit:
        revision.submitted_at = now
    if action == Action.claim:
        revision.claimed_by_id = actor.id
    revision.status = target
    revision.updated_at = now
    practice.status = derive_status(practice, revision)
    practice.updated_at = now
    event = _event(practice, revision, actor, action, before.value, target.value, reason, checklist)
    session.add_all([revision, practice, event])
    return event


def withdraw(session: Session, actor: User, practice: Practice, reason: str | None) -> None:
    """Archive a published practice; the caller commits."""
    revision = _latest(session, practice)
    if not is_public(practice):
        raise _refuse(practice, revision, Action.withdraw)
    _claim_version(session, practice)
    published = practices.get_revision(session, practice.published_revision_id)
    assert published is not None
    practice.archived_at = utcnow()
    practice.updated_at = practice.archived_at
    practice.status = PracticeStatus.archived
    enqueue(session, EntityType.practice, practice.id or 0, "practice.archived")
    session.add(practice)
    session.add(
        _event(practice, published, actor, Action.withdraw, PracticeStatus.published.value,
               PracticeStatus.archived.value, reason)
    )


def _check_decision(body: DecisionCreate) -> None:
    action = Action(body.outcome)
    if action in NEEDS_REASON and not (body.reason or "").strip():
        raise InvalidInput.field(["body", "reason"], "give the submitter a reason", "missing")
    criteria = {c.id: c for c in get_catalog().criteria}
    errors = [
        {"loc": ["body", "checklist", cid], "msg": f"unknown criterion {cid!r}", "type": "unknown"}
        for cid in body.checklist
        if cid not in criteria
    ]
    if action == Action.approve:
        for cid in sorted(get_catalog().required_criteria):
            answer = body.checklist.get(cid)
            if answer != "yes":
                msg = "required to approve" if answer is None else "must be met (yes) to approve"
                errors.append({"loc": ["body", "checklist", cid], "msg": f"{cid}: {msg}", "type": "missing"})
    if errors:
        raise InvalidInput("the decision is incomplete", errors=errors)


def decide(session: Session, actor: User, practice_id: int, body: DecisionCreate) -> EventPublic:
    """Approve, request changes or reject the revision the curator judged."""
    practice = practices.get_practice(session, practice_id)
    if practice is None:
        raise NotFound(f"practice {practice_id} not found")
    if body.revision_id != practice.latest_revision_id:
        raise Conflict(
            f"revision {body.revision_id} is not the current revision of practice {practice_id}; "
            "reload and judge the current one",
            current_revision_id=practice.latest_revision_id,
        )
    _check_decision(body)
    event = apply(session, actor, practice, Action(body.outcome), body.reason, dict(body.checklist))
    session.commit()
    return _public(session, practice, event)


def claim(session: Session, actor: User, practice_id: int, revision_id: int | None) -> EventPublic:
    """A curator takes a submitted practice into review."""
    practice = practices.get_practice(session, practice_id)
    if practice is None:
        raise NotFound(f"practice {practice_id} not found")
    if revision_id is not None and revision_id != practice.latest_revision_id:
        raise Conflict(f"revision {revision_id} is no longer current; reload the queue")
    event = apply(session, actor, practice, Action.claim)
    session.commit()
    return _public(session, practice, event)


def _public(session: Session, practice: Practice, event: CurationEvent) -> EventPublic:
    return next(e for e in history(session, practice, full=True) if e.id == event.id)


def history(session: Session, practice: Practice, full: bool) -> list[EventPublic]:
    return [
        EventPublic(
            id=e.id or 0, revision_id=e.revision_id, revision_number=number,
            actor=name if full else "curadoria", action=e.action, from_status=e.from_status,
            to_status=e.to_status, reason=e.reason if full else None,
            checklist=e.checklist if full else None, created_at=e.created_at,
        )
        for e, name, number in repo.events_of(session, practice.id or 0)
        if full or e.action in PUBLIC_ACTIONS
    ]


def get_queue(
    session: Session, theme: str | None, uf: str | None, template: str | None, limit: int, offset: int
) -> QueuePage:
    """Submitted and in-review practices, oldest first, with how long each has waited."""
    rows, total = repo.queue(session, theme, uf, template, limit, offset)
    now = utcnow()
    items = [
        QueueItem(
            practice_id=practice.id or 0, revision_id=rev.id or 0, revision_number=rev.number,
            title=rev.content.get("title", ""), template=practice.template, organisation=org,
            status=rev.status.value, themes=rev.content.get("themes", []),
            ufs=[u for u in rev.ufs_key.split("|") if u],
            submitted_at=rev.submitted_at or rev.created_at,
            waiting_hours=round(((now - (rev.submitted_at or rev.created_at)).total_seconds()) / 3600, 2),
            claimed_by=claimer,
            approvals=len(repo.approvers_since_claim(session, rev.id or 0)),
        )
        for rev, practice, org, claimer in rows
    ]
    return QueuePage(items=items, total=total)
