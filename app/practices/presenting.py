"""How a practice is shown: its revisions as its reader may see them (the contact only to its
managers, or when its authors made it public), its organisation, the curators' feedback and
where it was replicated; serving private data outside the owning organisation is audited."""

from sqlmodel import Session

from app.accounts import repository as accounts
from app.accounts.models import User
from app.curation import items
from app.curation import repository as curation_repo
from app.practices import audit, extensions
from app.practices.access import can_manage, is_member
from app.practices.kind import PRACTICE
from app.practices.models import (
    FeedbackPublic,
    LifecycleStatus,
    Practice,
    PracticePublic,
    PracticeRevision,
    ReplicatedIn,
    RevisionPublic,
)

PRIVATE_FIELDS = ("contact",)


def _revision_public(revision: PracticeRevision, private: bool) -> RevisionPublic:
    content = dict(revision.content)
    if not private and not content.get("contact_public"):
        for field in PRIVATE_FIELDS:
            content.pop(field, None)
    return RevisionPublic(
        id=revision.id or 0,
        number=revision.number,
        status=revision.status,
        created_at=revision.created_at,
        submitted_at=revision.submitted_at,
        content=content,
    )


def present(session: Session, user: User | None, practice: Practice) -> PracticePublic:
    """The practice as this user may see it. Call it after the use case committed: serving
    private data to someone outside the owning organisation is audited (and committed)."""
    shown, served = _present(session, user, practice)
    if user is not None and served[2]:
        audit.record_reads(session, user, [served])
    return shown


def _present(
    session: Session, user: User | None, practice: Practice
) -> tuple[PracticePublic, audit.Served]:
    manager = can_manage(user, practice)
    shown, pending = items.shown_revisions(session, PRACTICE, practice, manager)
    org = accounts.get_organisation(session, practice.organisation_id)
    latest_id = practice.latest_revision_id or 0
    feedback = curation_repo.latest_feedback(session, PRACTICE, latest_id) if manager else None
    # Curators and admins outside the organisation: what private data they get is audited.
    outsider = manager and not is_member(user, practice)
    fields = {
        f for r in (shown, pending) if r and outsider for f in audit.private_fields(r.content)
    }
    replicated = extensions.replications_of(session, [practice.id or 0]).get(
        practice.id or 0, extensions.NOT_REPLICATED
    )
    public = PracticePublic(
        id=practice.id or 0,
        status=practice.status if manager else LifecycleStatus.published,
        template=practice.template,
        organisation={"id": org.id, "name": org.name, "type": org.type} if org else {},
        published_at=practice.published_at,
        updated_at=practice.updated_at,
        revision=_revision_public(shown, manager),
        pending_revision=_revision_public(pending, manager) if pending else None,
        feedback=FeedbackPublic.model_validate(feedback, from_attributes=True)
        if feedback
        else None,
        replication_count=replicated.count,
        replicated_in=[
            ReplicatedIn.model_validate(p, from_attributes=True) for p in replicated.places
        ],
    )
    return public, (practice.id or 0, practice.organisation_id, sorted(fields))


def present_all(session: Session, user: User | None, rows: list[Practice]) -> list[PracticePublic]:
    """Practices as this user may see them, their private data's reads audited together."""
    presented = [_present(session, user, p) for p in rows]
    if user is not None:
        audit.record_reads(session, user, [served for _, served in presented])
    return [shown for shown, _ in presented]
