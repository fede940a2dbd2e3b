"""What each curated kind hands the review kit: its read, its content partial, its words and the
extra its partial shows (a practice's places and contact consent, a policy's municipality, a
replication's practice and its fields' names)."""

from typing import Any

from sqlmodel import Session

from app.accounts.models import User
from app.organisations import service as organisations
from app.organisations.models import KIND_LABELS
from app.policies import service as policies
from app.practices import service as practices
from app.privacy import service as privacy
from app.replications import service as replications
from app.web.curate.kit import ReviewKind, fields
from app.web.i18n import N_, current_lang
from app.web.kinds import PAGE_KINDS, page_kind
from app.web.places import named
from app.web.replication import field_labels


def _practice_extra(
    session: Session, user: User, item: Any, content: dict[str, Any]
) -> dict[str, Any]:
    return {
        "places": named(session, content.get("municipalities", [])),
        "consent": privacy.latest_contact_consent(session, user, item.id),
    }


def _policy_extra(
    session: Session, _user: User, _item: Any, content: dict[str, Any]
) -> dict[str, Any]:
    code = content.get("ibge_code")
    return {"place": next(iter(named(session, [code])), None) if code else None}


def _replication_extra(
    _session: Session, _user: User, item: Any, _content: dict[str, Any]
) -> dict[str, Any]:
    practice_page = page_kind("practice").page(item.practice_id)
    return {"practice_page": practice_page, "field_labels": field_labels()}


PRACTICE_REVIEW = ReviewKind(
    page=page_kind("practice"),
    load=practices.get_practice,
    partial="curate/practice.html",
    claimed=N_("You are now reviewing this practice."),
    open_page=N_("Open the practice page"),
    extra=_practice_extra,
    shown=fields(
        "title summary themes audiences scope municipalities ufs evidence_level contact"
        " contact_public description results how_to_replicate details"
    ),
)
POLICY_REVIEW = ReviewKind(
    page=page_kind("policy"),
    load=policies.get_policy,
    partial="curate/policy.html",
    claimed=N_("You are now reviewing this policy."),
    open_page=N_("Open the policy page"),
    extra=_policy_extra,
    shown=fields(
        "title summary instrument_type number date official_url status level uf ibge_code themes"
    ),
)
REPLICATION_REVIEW = ReviewKind(
    page=page_kind("replication"),
    load=replications.get_replication,
    partial="curate/replication.html",
    claimed=N_("You are now reviewing this replication."),
    open_page=N_("Open the replication page"),
    extra=_replication_extra,
    shown=fields("ibge_code start_date end_date status adaptations results figures links contact"),
)


def _profile_extra(
    session: Session, _user: User, _item: Any, content: dict[str, Any]
) -> dict[str, Any]:
    kind = KIND_LABELS.get(content.get("type", ""), {})
    return {
        "profile_type": kind.get(current_lang(), content.get("type", "")),
        "places": named(session, content.get("municipalities", [])),
    }


PROFILE_REVIEW = ReviewKind(
    page=page_kind("organisation_profile"),
    load=organisations.profile_for_review,
    partial="curate/organisation_profile.html",
    claimed=N_("You are now reviewing this organisation profile."),
    open_page=N_("Open the organisation page"),
    extra=_profile_extra,
    shown=fields("description type municipalities contact"),
)
_DECLARED = {
    r.name: r for r in (PRACTICE_REVIEW, POLICY_REVIEW, REPLICATION_REVIEW, PROFILE_REVIEW)
}


def review_kinds() -> list[ReviewKind]:
    """One review kit per kind the pages know (app/web/kinds.py); a kind without a declaration
    here stops the start-up instead of going without review pages."""
    missing = sorted(set(PAGE_KINDS) - set(_DECLARED))
    if missing:
        raise LookupError(f"no review declared for the kinds {', '.join(missing)}")
    return [_DECLARED[name] for name in PAGE_KINDS]
