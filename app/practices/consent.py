"""Consent to publish a practice's contact: every grant and withdrawal is a dated row."""

from sqlmodel import Session

from app.accounts.models import User
from app.errors import ForbiddenValue
from app.outbox.service import enqueue
from app.practices import repository as repo
from app.practices.kind import PRACTICE
from app.practices.models import (
    ConsentPurpose,
    ConsentRecord,
    Practice,
    PracticeContent,
    PracticeRevision,
)
from app.webhooks import redaction

# The open-data columns that carry a consented contact (app/practices/export.py).
CONTACT_COLUMNS = {"contact_name", "contact_email", "contact_phone"}
NOT_YOURS = "only members of the practice's organisation may consent to publish its contact"


def check_grant(
    session: Session,
    user: User,
    organisation_id: int,
    content: PracticeContent,
    working: PracticeRevision | None = None,
) -> None:
    """Consent to publish a contact comes from the owning organisation, which speaks for the
    person named: anyone else (curators and admins on another organisation's practice) may
    keep an existing consent and withdraw it, never grant it, nor put another contact under
    it. 403 naming contact_public, with nothing written."""
    if not content.contact_public or user.organisation_id == organisation_id:
        return
    if working is not None:
        latest = repo.latest_consent(session, working.practice_id, ConsentPurpose.publish_contact)
        same_contact = working.content.get("contact") == content.model_dump(mode="json")["contact"]
        if latest is not None and latest.granted and same_contact:
            return
    raise ForbiddenValue.field(["body", "contact_public"], NOT_YOURS, "consent_not_yours")


def record_contact_consent(
    session: Session, actor: User, practice_id: int, revision_id: int, granted: bool
) -> ConsentRecord | None:
    """Record a change of the practice's consent to publish its contact (none when unchanged;
    a practice that never consented has no rows). The caller commits."""
    latest = repo.latest_consent(session, practice_id, ConsentPurpose.publish_contact)
    if (latest.granted if latest else False) == granted:
        return None
    row = ConsentRecord(
        practice_id=practice_id,
        revision_id=revision_id,
        actor_id=actor.id or 0,
        purpose=ConsentPurpose.publish_contact,
        granted=granted,
    )
    session.add(row)
    return row


def apply_withdrawal(session: Session, practice: Practice, working: PracticeRevision) -> bool:
    """A withdrawn consent applies at once, not when the edit that withdrew it is approved
    (see unpublish_contact). The caller commits. True when the published revision changed."""
    if working.content.get("contact_public"):
        return False
    return unpublish_contact(session, practice)


def unpublish_contact(session: Session, practice: Practice) -> bool:
    """The published revision stops showing the contact (only its flag changes, the curated
    text stays), and partners hear of it like of any change of the public practice: the
    change feed and webhooks announce it again, and stored webhook deliveries stop carrying
    the contact (pending ones are described again, sent ones scrubbed). The caller commits.
    True when the published revision showed the contact until now."""
    published = session.get(PracticeRevision, practice.published_revision_id or 0)
    if published is None or not published.content.get("contact_public"):
        return False
    published.content = {**published.content, "contact_public": False}
    session.add(published)
    session.flush()  # what the deliveries are described from below
    if practice.archived_at is None:
        enqueue(session, PRACTICE.entity_type, practice.id or 0, PRACTICE.published_event)
    redaction.redact_entity(session, PRACTICE.entity_type, practice.id or 0, CONTACT_COLUMNS)
    return True
