"""Use cases of the policy registry. Lifecycle and publication go through app.curation."""

from datetime import timedelta

from sqlmodel import Session

from app.accounts.models import User, is_staff
from app.catalog.loader import get_catalog
from app.config import get_settings
from app.curation import creation, items, rights
from app.curation import repository as curation_repo
from app.curation import service as curation
from app.curation.models import LifecycleStatus
from app.db import utcnow
from app.errors import Forbidden, InvalidInput
from app.municipalities import repository as municipalities
from app.municipalities.models import PolicyBrief
from app.policies import repository as repo
from app.policies.kind import POLICY
from app.policies.models import (
    Policy,
    PolicyContent,
    PolicyList,
    PolicyPublic,
    PolicyRevision,
    PolicyUpdate,
    VerificationDue,
)


def _validate(session: Session, content: PolicyContent) -> None:
    errors = []
    themes = get_catalog().taxonomies.slugs("themes")
    for i, slug in enumerate(content.themes or []):  # a draft may have none yet
        if slug not in themes:
            errors.append(
                {
                    "loc": ["body", "themes", i],
                    "msg": f"unknown theme {slug!r}",
                    "type": "unknown_slug",
                }
            )
    if content.uf and content.uf not in municipalities.all_ufs(session):
        errors.append(
            {"loc": ["body", "uf"], "msg": f"unknown UF {content.uf!r}", "type": "unknown_uf"}
        )
    if content.ibge_code:
        found = municipalities.get_many(session, [content.ibge_code])
        if not found:
            errors.append(
                {
                    "loc": ["body", "ibge_code"],
                    "msg": f"unknown IBGE code {content.ibge_code}",
                    "type": "unknown_ibge",
                }
            )
        elif content.uf and found[0].uf != content.uf:
            errors.append(
                {
                    "loc": ["body", "uf"],
                    "msg": f"{found[0].name} is in {found[0].uf}",
                    "type": "value_error",
                }
            )
    if content.date is not None and content.date > utcnow().date():
        errors.append(
            {"loc": ["body", "date"], "msg": "the date is in the future", "type": "value_error"}
        )
    if errors:
        raise InvalidInput("the policy has invalid fields", errors=errors)


def _fill(session: Session, revision: PolicyRevision, content: PolicyContent) -> None:
    revision.content = content.model_dump(mode="json")
    revision.themes_key = "|" + "|".join(content.themes or []) + "|"
    uf = content.uf
    if content.ibge_code and not uf:
        found = municipalities.get_many(session, [content.ibge_code])
        uf = found[0].uf if found else None
    revision.ufs_key = f"|{uf}|" if uf else ""
    revision.updated_at = utcnow()


def _can_manage(user: User | None, policy: Policy) -> bool:
    return rights.may_manage(user, POLICY, policy)


def _visible(session: Session, user: User | None, policy_id: int) -> Policy:
    policy: Policy = curation.visible(session, user, POLICY, policy_id)
    return policy


def _needs_verification(policy: Policy) -> bool:
    if not rights.is_public(policy):
        return False
    since = policy.last_verified_at or policy.published_at
    limit = timedelta(days=get_settings().policy_verification_days)
    return since is None or utcnow() - since > limit


def present(session: Session, user: User | None, policy: Policy) -> PolicyPublic:
    """The policy as this user may see it: the public its published text, managers everything."""
    manager = _can_manage(user, policy)
    shown, pending = items.shown_revisions(session, POLICY, policy, manager)
    latest_id = policy.latest_revision_id or 0
    feedback = curation_repo.latest_feedback(session, POLICY, latest_id) if manager else None
    return PolicyPublic(
        id=policy.id or 0,
        status=policy.status if manager else LifecycleStatus.published,
        published_at=policy.published_at,
        updated_at=policy.updated_at,
        last_verified_at=policy.last_verified_at,
        needs_verification=_needs_verification(policy),
        revision=items.revision_public(shown),
        pending_revision=items.revision_public(pending) if pending else None,
        feedback=feedback.reason if feedback else None,
    )


def may_edit(session: Session, user: User | None, policy_id: int) -> bool:
    """Whether this user may edit the policy (its organisation or curators)."""
    policy = repo.get_policy(session, policy_id)
    return policy is not None and policy.archived_at is None and _can_manage(user, policy)


def _new_draft(session: Session, user: User, data: PolicyContent) -> Policy:
    """Validate and add a draft with its first revision; the caller commits."""
    _validate(session, data)
    if user.organisation_id is None and not is_staff(user):
        raise Forbidden("only members of an organisation or curators propose policies")
    policy = Policy(
        organisation_id=user.organisation_id,
        status=LifecycleStatus.draft,
        created_by_id=user.id or 0,
    )
    session.add(policy)
    session.flush()
    _fill(session, curation.start(session, user, POLICY, policy), data)
    return policy


def list_own_policies(session: Session, user: User, limit: int, offset: int) -> PolicyList:
    """The policies the user's organisation proposed (staff without one: every policy)."""
    if user.organisation_id is None and not is_staff(user):
        raise Forbidden("only members of an organisation have their own policies")
    rows, total = repo.list_for_organisation(session, user.organisation_id, limit, offset)
    return PolicyList(items=[present(session, user, p) for p in rows], total=total)


def update_policy(
    session: Session, user: User, policy_id: int, patch: PolicyUpdate
) -> PolicyPublic:
    """Edit the working revision, or open a new revision of a published policy."""
    policy, content = items.patched_by_id(session, user, POLICY, policy_id, patch)
    assert isinstance(content, PolicyContent)
    _validate(session, content)
    _fill(session, curation.revise(session, user, POLICY, policy), content)
    session.commit()
    return present(session, user, policy)


def submit_policy(session: Session, user: User, policy_id: int) -> PolicyPublic:
    """Send the working revision to the curation queue."""
    return present(session, user, items.submit_by_id(session, user, POLICY, policy_id))


def verify_policy(
    session: Session, curator: User, policy_id: int, note: str | None
) -> PolicyPublic:
    """A curator confirms a published policy is still as registered (status, link, text)."""
    policy = _visible(session, curator, policy_id)
    curation.record_verification(session, curator, POLICY, policy, note)
    policy.last_verified_at = utcnow()
    policy.last_verified_by_id = curator.id
    session.add(policy)
    session.commit()
    return present(session, curator, policy)


def verification_due(
    session: Session, limit: int | None = None, offset: int = 0
) -> list[VerificationDue]:
    """Published policies not verified within the configured period, oldest first."""
    now = utcnow()
    cutoff = now - timedelta(days=get_settings().policy_verification_days)
    return [
        VerificationDue(
            id=policy.id or 0,
            title=rev.content["title"],
            level=rev.content["level"],
            uf=rev.content.get("uf"),
            ibge_code=rev.content.get("ibge_code"),
            last_verified_at=policy.last_verified_at,
            days_since_verified=(
                now - (policy.last_verified_at or policy.published_at or now)
            ).days,
        )
        for policy, rev in repo.verification_due(session, cutoff, limit, offset)
    ]


def policies_in_force(session: Session, uf: str, ibge_code: int | None) -> list[PolicyBrief]:
    """Published policies in force for a place: federal, its UF's and its municipality's."""
    return [
        PolicyBrief(
            id=policy.id or 0,
            title=rev.content["title"],
            instrument_type=rev.content["instrument_type"],
            number=rev.content.get("number", ""),
            date=rev.content["date"],
            level=rev.content["level"],
            official_url=rev.content["official_url"],
        )
        for policy, rev in repo.in_force_for(session, uf, ibge_code)
    ]


# The use cases every kind has, made by the engine from this kind's own pieces.
propose_policy = creation.creating(POLICY, _new_draft, "propose")
get_policy = items.reading(POLICY, present)
withdraw_policy = items.withdrawing(POLICY, present)
