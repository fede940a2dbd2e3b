"""What each curated kind hands the review kit: its read, the fields its partial draws and the
extra that partial shows (a practice's places and contact consent, a policy's municipality, a
replication's practice and its fields' names). Its partial `curate/{name}.html` and its words
in curate/words.yaml follow from its name."""

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
from app.web.i18n import current_lang
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
    "practice",
    load=practices.get_practice,
    extra=_practice_extra,
    shown=fields(
        "title summary themes audiences scope municipalities ufs evidence_level contact"
        " contact_public description results how_to_replicate details"
    ),
)
POLICY_REVIEW = ReviewKind(
    "policy",
    load=policies.get_policy,
    extra=_policy_extra,
    shown=fields(
        "title summary instrument_type number date official_url status level uf ibge_code themes"
    ),
)
REPLICATION_REVIEW = ReviewKind(
    "replication",
    load=replications.get_replication,
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
    "organisation_profile",
    load=organisations.profile_for_review,
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
