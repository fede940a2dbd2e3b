"""Curators' use cases for every kind: take an item into review, decide on its current
revision (checklist, reason, four-eyes), and say why someone may not."""

from sqlmodel import Session

from app.accounts.models import User
from app.catalog.loader import get_catalog
from app.curation import repository as repo
from app.curation import rights
from app.curation.kinds import CuratedKind
from app.curation.models import Action, CurationEvent, DecisionCreate, EventPublic
from app.curation.service import Subject, apply, history, visible
from app.curation.transitions import NEEDS_REASON
from app.errors import Conflict, InvalidInput, NotFound


def _check_decision(kind: CuratedKind, body: DecisionCreate) -> None:
    action = Action(body.outcome)
    if action in NEEDS_REASON and not (body.reason or "").strip():
        raise InvalidInput.field(["body", "reason"], "give the submitter a reason", "missing")
    criteria = {c.id: c for c in get_catalog().criteria_for(kind.name)}
    errors = [
        {"loc": ["body", "checklist", cid], "msg": f"unknown criterion {cid!r}", "type": "unknown"}
        for cid in body.checklist
        if cid not in criteria
    ]
    if action == Action.approve:
        for cid in sorted(c.id for c in criteria.values() if c.required):
            answer = body.checklist.get(cid)
            if answer != "yes":
                msg = "required to approve" if answer is None else "must be met (yes) to approve"
                errors.append(
                    {"loc": ["body", "checklist", cid], "msg": f"{cid}: {msg}", "type": "missing"}
                )
    if errors:
        raise InvalidInput("the decision is incomplete", errors=errors)


def _subject(session: Session, kind: CuratedKind, subject_id: int) -> Subject:
    subject = repo.get_subject(session, kind, subject_id)
    if subject is None:
        raise NotFound(f"{kind.name} {subject_id} not found")
    return subject


def decide(
    session: Session, actor: User, kind: CuratedKind, subject_id: int, body: DecisionCreate
) -> EventPublic:
    """Approve, request changes or reject the revision the curator judged."""
    subject = _subject(session, kind, subject_id)
    if body.revision_id != subject.latest_revision_id:
        raise Conflict(
            f"revision {body.revision_id} is not the current revision of {kind.name} "
            f"{subject_id}; reload and judge the current one",
            current_revision_id=subject.latest_revision_id,
        )
    _check_decision(kind, body)
    event = apply(
        session, actor, kind, subject, Action(body.outcome), body.reason, dict(body.checklist)
    )
    session.commit()
    return _public(session, kind, subject, event)


def claim(
    session: Session, actor: User, kind: CuratedKind, subject_id: int, revision_id: int | None
) -> EventPublic:
    """A curator takes a submitted item into review."""
    subject = _subject(session, kind, subject_id)
    if revision_id is not None and revision_id != subject.latest_revision_id:
        raise Conflict(f"revision {revision_id} is no longer current; reload the queue")
    event = apply(session, actor, kind, subject, Action.claim)
    session.commit()
    return _public(session, kind, subject, event)


def _public(
    session: Session, kind: CuratedKind, subject: Subject, event: CurationEvent
) -> EventPublic:
    return next(e for e in history(session, kind, subject, full=True) if e.id == event.id)


def decision_conflict(
    session: Session, user: User, kind: CuratedKind, subject_id: int
) -> str | None:
    """The code of the reason this curator may not decide on the item, if any (review pages)."""
    conflict = rights.decision_conflict(
        session, user, kind, visible(session, user, kind, subject_id)
    )
    return conflict.value if conflict else None
