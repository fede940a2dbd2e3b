"""Use cases of practices: create, read, edit, submit, withdraw, history."""

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.accounts.models import User
from app.calls import service as calls
from app.catalog.loader import get_catalog
from app.core.problems import database_unavailable
from app.curation import creation, drafts, items
from app.curation import service as curation
from app.curation.transitions import EDITABLE
from app.db import utcnow
from app.errors import AppError, Forbidden
from app.practices import batch, consent
from app.practices import repository as repo
from app.practices.access import can_manage, is_staff
from app.practices.kind import PRACTICE
from app.practices.models import (
    BatchLineResult,
    BatchResult,
    LifecycleStatus,
    Practice,
    PracticeContent,
    PracticeCreate,
    PracticeExternalId,
    PracticeList,
    PracticePublic,
    PracticeRevision,
    PracticeUpdate,
)
from app.practices.presenting import present, present_all
from app.practices.validation import required_details, validate_practice


def _keys(values: list[str]) -> str:
    return "|" + "|".join(values) + "|" if values else ""


def _content_dict(content: PracticeContent) -> dict[str, Any]:
    return content.model_dump(mode="json")


def _place_ufs(session: Session, content: PracticeContent) -> list[str]:
    from app.municipalities import repository as municipalities

    if content.scope == "state":
        return content.ufs
    return sorted({m.uf for m in municipalities.get_many(session, content.municipalities)})


def _check_call(session: Session, content: PracticeContent, previous: int | None) -> None:
    """A practice that starts answering a call: the call is open and the practice inside its
    scope (409/422 naming call_id); one that keeps answering the same call is not re-checked,
    so an old answer can still be edited after its call closed."""
    if content.call_id is not None and content.call_id != previous:
        ufs, codes = _place_ufs(session, content), content.municipalities
        calls.check_answer(session, content.call_id, ufs, codes, ["body", "call_id"])


def _fill_revision(session: Session, revision: PracticeRevision, content: PracticeContent) -> None:
    revision.content = _content_dict(content)
    revision.themes_key = _keys(content.themes or [])  # a draft may have none yet
    revision.ufs_key = _keys(_place_ufs(session, content))
    revision.municipalities_key = _keys([str(code) for code in content.municipalities])
    revision.call_id = content.call_id
    revision.updated_at = utcnow()


def _new_draft(session: Session, user: User, data: PracticeCreate) -> Practice:
    """Validate and add a draft with its first revision; the caller commits."""
    validate_practice(session, get_catalog(), data.template, data, draft=True)
    _check_call(session, data, None)
    org_id = creation.credited_organisation(session, user, data.organisation_id)
    consent.check_grant(session, user, org_id, data)
    practice = Practice(
        organisation_id=org_id,
        template=data.template,
        status=LifecycleStatus.draft,
        created_by_id=user.id or 0,
    )
    session.add(practice)
    session.flush()
    revision = curation.start(session, user, PRACTICE, practice)
    content = drafts.schema_of(PRACTICE).model_validate(data.model_dump())
    assert isinstance(content, PracticeContent)  # its draft variant: a subclass
    _fill_revision(session, revision, content)
    consent.record_contact_consent(
        session, user, practice.id or 0, revision.id or 0, content.contact_public
    )
    return practice


def _visible(session: Session, user: User | None, practice_id: int) -> Practice:
    # Not published and not yours: the same 404 as a missing id, so existence does not leak.
    practice: Practice = curation.visible(session, user, PRACTICE, practice_id)
    return practice


def list_practices(
    session: Session,
    user: User | None,
    mine: bool,
    status: LifecycleStatus | None,
    limit: int,
    offset: int,
) -> PracticeList:
    """Published practices, or (mine) every practice of the user's organisation."""
    if mine:
        if user is None or (user.organisation_id is None and not is_staff(user)):
            raise Forbidden("only members of an organisation have their own practices")
        org = user.organisation_id
        rows, total = repo.list_for_organisation(session, org, status, limit, offset)
    else:
        rows, total = repo.list_published(session, limit, offset)
    return PracticeList(items=present_all(session, user, rows), total=total)


def get_managed_practice(session: Session, user: User, practice_id: int) -> PracticePublic:
    """Read a practice to edit it: only its organisation and the curators."""
    practice = _visible(session, user, practice_id)
    if not can_manage(user, practice):
        raise Forbidden("only the owning organisation or curators edit this practice")
    return present(session, user, practice)


def update_practice(
    session: Session, user: User, practice_id: int, patch: PracticeUpdate
) -> PracticePublic:
    """Edit the working revision, or open a new revision of a published practice."""
    practice, content = items.patched_by_id(session, user, PRACTICE, practice_id, patch)
    assert isinstance(content, PracticeContent)
    validate_practice(session, get_catalog(), practice.template, content, draft=True)
    working = repo.get_revision(session, practice.latest_revision_id)
    consent.check_grant(session, user, practice.organisation_id, content, working)
    _check_call(session, content, working.call_id if working else None)
    revision = curation.revise(session, user, PRACTICE, practice)
    _fill_revision(session, revision, content)
    consent.record_contact_consent(
        session, user, practice.id or 0, revision.id or 0, content.contact_public
    )
    consent.apply_withdrawal(session, practice, revision)
    session.commit()
    return present(session, user, practice)


def submit_practice(session: Session, user: User, practice_id: int) -> PracticePublic:
    """Send the working revision to the curation queue."""
    practice = _visible(session, user, practice_id)
    _submit(session, user, practice)
    session.commit()
    return present(session, user, practice)


def _submit(session: Session, user: User, practice: Practice) -> None:
    latest = repo.get_revision(session, practice.latest_revision_id)
    published = repo.get_revision(session, practice.published_revision_id)
    if latest is not None and latest.status in EDITABLE:  # else the 409 says why not
        # The full check a draft skipped: every field, then the template's required ones.
        details = latest.content.get("details") or {}
        missing = required_details(get_catalog(), practice.template, details)
        content = drafts.complete(PRACTICE, latest.content, missing)
        assert isinstance(content, PracticeContent)
        validate_practice(session, get_catalog(), practice.template, content)
        if latest.call_id is not None:
            # A new answer is checked when sent: the call may have closed since the draft.
            _check_call(session, content, published.call_id if published else None)
    curation.submit(session, user, PRACTICE, practice)


def _batch_line(
    session: Session, user: User, number: int, text: str, budget: batch.Budget
) -> BatchLineResult:
    line, rejected = batch.parse_line(number, text)
    if line is None:
        assert rejected is not None
        return rejected
    try:
        org_id = creation.credited_organisation(session, user, line.organisation_id)
        if (known := repo.get_external_id(session, org_id, line.external_id)) is not None:
            return batch.outcome(number, line, "duplicate", known.practice_id)
        budget.check()  # each created line counts against the submission limits
        practice = _new_draft(session, user, line)
        session.add(
            PracticeExternalId(
                organisation_id=org_id,
                external_id=line.external_id,
                practice_id=practice.id or 0,
                user_id=user.id or 0,
            )
        )
        _submit(session, user, practice)
        session.commit()
        budget.spend()
    except IntegrityError:
        session.rollback()  # the same external_id, sent at the same moment by another request
        if (known := repo.get_external_id(session, org_id, line.external_id)) is None:
            raise
        return batch.outcome(number, line, "duplicate", known.practice_id)
    except AppError as exc:
        session.rollback()
        return batch.from_error(number, line.external_id, exc)
    return batch.outcome(number, line, "created", practice.id)


def submit_batch(
    session: Session, user: User, body: bytes, budget: batch.Budget = batch.UNLIMITED
) -> BatchResult:
    """Create and submit each valid NDJSON line (one transaction per line, so a bad line, even
    one failing unexpectedly, never undoes a good one); a known external_id answers duplicate;
    each created line spends the submission budget, and a line beyond it is refused (429)."""
    results = []
    for number, text in batch.split_lines(body):
        try:
            results.append(_batch_line(session, user, number, text, budget))
            session.commit()  # a line that wrote nothing still ends its (on SQLite, locking) read
        except Exception as exc:  # whatever breaks one line, the others keep their results
            session.rollback()
            if database_unavailable(exc):
                raise  # no line can be written: the whole batch answers 503, to be sent again
            results.append(batch.failed(number, text))
    return batch.summary(results)


# The use cases every kind has, made by the engine from this kind's own pieces.
create_practice = creation.creating(PRACTICE, _new_draft)
get_practice = items.reading(PRACTICE, present)
withdraw_practice = items.withdrawing(PRACTICE, present)
