"""What each curated kind hands the review kit: its read, its content partial, its words and the
extra its partial shows (a practice's places and contact consent, a policy's municipality)."""

from typing import Any

from sqlmodel import Session

from app.accounts.models import User
from app.policies import service as policies
from app.practices import service as practices
from app.privacy import service as privacy
from app.web.curate.kit import ReviewKind
from app.web.i18n import N_
from app.web.kinds import PAGE_KINDS, page_kind
from app.web.places import named


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


PRACTICE_REVIEW = ReviewKind(
    page=page_kind("practice"),
    load=practices.get_practice,
    partial="curate/practice.html",
    claimed=N_("You are now reviewing this practice."),
    open_page=N_("Open the practice page"),
    extra=_practice_extra,
)
POLICY_REVIEW = ReviewKind(
    page=page_kind("policy"),
    load=policies.get_policy,
    partial="curate/policy.html",
    claimed=N_("You are now reviewing this policy."),
    open_page=N_("Open the policy page"),
    extra=_policy_extra,
)
_DECLARED = {r.name: r for r in (PRACTICE_REVIEW, POLICY_REVIEW)}


def review_kinds() -> list[ReviewKind]:
    """One review kit per kind the pages know (app/web/kinds.py); a kind without a declaration
    here stops the start-up instead of going without review pages."""
    missing = sorted(set(PAGE_KINDS) - set(_DECLARED))
    if missing:
        raise LookupError(f"no review declared for the kinds {', '.join(missing)}")
    return [_DECLARED[name] for name in PAGE_KINDS]
