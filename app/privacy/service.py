"""Use cases of privacy (LGPD): a person's data export, deleting one's account, the consent
history of a practice and the private-data access audit."""

from typing import Any

from sqlmodel import Session

from app.accounts import repository as accounts
from app.accounts import security
from app.accounts.models import Role, User
from app.accounts.sessions import end_sessions
from app.calls.models import Call
from app.curation.models import CurationEvent
from app.db import utcnow
from app.errors import Conflict, Forbidden, NotFound
from app.mail import service as mail
from app.municipalities.models import CapacityReport
from app.notifications import subscriptions as saved_searches
from app.policies.models import PolicyRevision
from app.practices import consent
from app.practices import repository as practices
from app.practices.access import can_manage, is_public
from app.practices.models import Practice, PracticeRevision, PrivateDataAccess
from app.privacy import repository as repo
from app.privacy.models import AccessPage, AccessPublic, ConsentPublic, DataExport
from app.replications.models import ReplicationRevision
from app.webhooks import repository as webhooks

DELETED_NAME = "Conta removida"  # what curation histories show for a deleted account
UNUSABLE_PASSWORD = "!deleted"  # not an argon2 hash: verification always fails


class WrongPassword(Forbidden):
    title = "Senha incorreta"


def _consent(row: repo.ConsentRow) -> ConsentPublic:
    record, actor = row
    return ConsentPublic(actor=actor, **record.model_dump(exclude={"actor_id"}))


def _managed(session: Session, user: User | None, practice_id: int) -> Practice:
    practice = practices.get_practice(session, practice_id)
    if practice is None or not (is_public(practice) or can_manage(user, practice)):
        raise NotFound(f"practice {practice_id} not found")
    if not can_manage(user, practice):
        raise Forbidden("only the owning organisation and the curators manage consents")
    return practice


def practice_consents(session: Session, user: User | None, practice_id: int) -> list[ConsentPublic]:
    """The consent history of a practice: its organisation and the curators only."""
    _managed(session, user, practice_id)
    return [_consent(row) for row in repo.consents_of_practice(session, practice_id)]


def withdraw_contact_consent(session: Session, user: User, practice_id: int) -> list[ConsentPublic]:
    """Withdraw the consent to publish the contact in any state, also while a revision is in
    review (an edit would have to wait): the working and the published revisions stop
    consenting at once; granting again goes through an edit and curation."""
    practice = _managed(session, user, practice_id)
    working = practices.get_revision(session, practice.latest_revision_id)
    if working is None:
        raise NotFound(f"practice {practice_id} not found")
    # The published revision first: it may be the working one, whose flag changes next.
    consent.unpublish_contact(session, practice)
    if working.content.get("contact_public"):
        working.content = {**working.content, "contact_public": False}
        session.add(working)
    consent.record_contact_consent(session, user, practice_id, working.id or 0, False)
    session.commit()
    return [_consent(row) for row in repo.consents_of_practice(session, practice_id)]


def latest_contact_consent(
    session: Session, user: User | None, practice_id: int
) -> ConsentPublic | None:
    """The practice's current consent to publish its contact, if it ever had one."""
    consents = practice_consents(session, user, practice_id)
    return consents[-1] if consents else None


def list_accesses(
    session: Session, actor_id: int | None, practice_id: int | None, limit: int, offset: int
) -> AccessPage:
    """The private-data access audit, newest first (admins)."""
    rows, total = repo.accesses(session, actor_id, practice_id, limit, offset)
    return AccessPage(items=[AccessPublic.model_validate(r) for r in rows], total=total)


def _dump(row: Any, exclude: set[str] | None = None) -> dict[str, Any]:
    return dict(row.model_dump(mode="json", exclude=exclude))


def export_data(session: Session, user: User) -> DataExport:
    """Everything the platform holds about the signed-in person (never keys or secrets)."""
    uid = user.id or 0
    org = accounts.get_organisation(session, user.organisation_id or 0)

    def written(author: Any) -> list[Any]:
        return repo.written_by(session, author, uid)

    created, revisions = written(Practice.created_by_id), written(PracticeRevision.created_by_id)
    authored = sorted({p.id or 0 for p in created} | {r.practice_id for r in revisions})
    return DataExport(
        generated_at=utcnow(),
        account=_dump(user, {"password_hash"}),
        organisation=_dump(org) if org else None,
        practices=[_dump(p) for p in created],
        practice_revisions=[_dump(r) for r in revisions],
        policy_revisions=[_dump(r) for r in written(PolicyRevision.created_by_id)],
        replication_revisions=[_dump(r) for r in written(ReplicationRevision.created_by_id)],
        calls=[_dump(c) for c in written(Call.created_by_id)],
        capacity_reports=[_dump(r) for r in written(CapacityReport.reported_by_id)],
        curation_events=[_dump(e) for e in written(CurationEvent.actor_id)],
        consents=[_consent(row) for row in repo.consents_for_person(session, uid, authored)],
        api_keys=[_dump(k, {"key_hash"}) for k in accounts.list_api_keys(session, uid)],
        browser_sessions=[_dump(s, {"token_hash"}) for s in accounts.web_sessions_of(session, uid)],
        security_events=[_dump(e) for e in accounts.security_events_of(session, uid)],
        join_requests=[_dump(r, {"token_hash"}) for r in accounts.join_requests_of(session, uid)],
        webhooks=[_dump(w, {"secret"}) for w in webhooks.list_subscriptions(session, uid)],
        accesses_to_my_data=[
            AccessPublic.model_validate(a) for a in repo.accesses_to_practices(session, authored)
        ],
        accesses_i_made=[
            AccessPublic.model_validate(a) for a in written(PrivateDataAccess.actor_id)
        ],
        mail=mail.held_for(session, user.email),
        saved_searches=saved_searches.held_for(session, user),
    )


def delete_account(session: Session, user: User, password: str) -> None:
    """Anonymise the signed-in account after checking its password: it can never sign in
    again, its API keys are revoked and its webhooks stop; what it wrote stays with the
    organisation, attributed to "Conta removida". One transaction: all of it or nothing."""
    if not security.verify_password(user.password_hash, password):
        raise WrongPassword("the password is wrong; nothing was changed")
    uid = user.id or 0
    if user.role == Role.admin and repo.other_active_admins(session, uid) == 0:
        raise Conflict(
            "you are the last active administrator: make another administrator first, "
            "or nobody could manage the platform"
        )
    now = utcnow()
    for key in accounts.list_api_keys(session, uid):
        key.revoked_at = key.revoked_at or now
        session.add(key)
    for hook in webhooks.list_subscriptions(session, uid):
        webhooks.delete_subscription(session, hook.id or 0)
    mail.forget(session, user.email)  # nothing more is sent, nothing names the address
    saved_searches.forget(session, user)
    for request in accounts.join_requests_of(session, uid):
        request.message = ""  # the person's own words; the decision and its date stay
        session.add(request)
    user.email = f"deleted-{uid}@deleted.invalid"
    user.name = DELETED_NAME
    user.password_hash = UNUSABLE_PASSWORD
    user.scope_uf = user.scope_ibge = None
    user.is_active = False
    user.deleted_at = now
    end_sessions(session, user)  # every browser and bearer token, at once
    accounts.forget_addresses(session, uid)
    session.add(user)
    session.commit()
