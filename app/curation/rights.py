"""Who may do what on a curated item, for every kind: the one home of these rules.

The API, the pages and the CLI all reach them through the engine's use cases; a refusal is a
403 problem whose `code` says why (stable: partners and the pages' messages key on it)."""

from enum import StrEnum
from typing import Any

from sqlmodel import Session

from app.accounts.models import User, is_staff
from app.curation import repository as repo
from app.curation.kinds import CuratedKind
from app.errors import Forbidden


class Refusal(StrEnum):
    """Why someone may not act; the value is the problem's `code`."""

    curators_only = "curators_only"
    not_a_decider = "not_a_decider"
    not_a_proposer = "not_a_proposer"
    not_manager = "not_manager"
    # Separation of duties: nobody decides on what they wrote or their organisation sent.
    authored = "conflict_authored"
    own_organisation = "conflict_own_organisation"


MESSAGES = {
    Refusal.curators_only: "only curators may do this",
    Refusal.not_a_decider: "your role may not take items of this kind into review or decide",
    Refusal.not_a_proposer: "your role may not propose items of this kind",
    Refusal.not_manager: "only the organisation this item is credited to, or curators, may do this",
    Refusal.authored: "you authored or edited this item: another curator must decide on it",
    Refusal.own_organisation: (
        "this item was sent by your own organisation: a curator from elsewhere must decide on it"
    ),
}


def refuse(refusal: Refusal) -> Forbidden:
    return Forbidden(MESSAGES[refusal], code=refusal.value)


def is_member(user: User | None, kind: CuratedKind, subject: Any) -> bool:
    """The user belongs to the organisation the item is credited to."""
    owner = kind.owner_of(subject)
    return user is not None and user.organisation_id is not None and user.organisation_id == owner


def may_manage(user: User | None, kind: CuratedKind, subject: Any) -> bool:
    """Members of the credited organisation, curators and admins: every state, private data."""
    return is_staff(user) or is_member(user, kind, subject)


def is_public(subject: Any) -> bool:
    return subject.published_revision_id is not None and subject.archived_at is None


def may_see(user: User | None, kind: CuratedKind, subject: Any) -> bool:
    return is_public(subject) or may_manage(user, kind, subject)


def require_manager(user: User, kind: CuratedKind, subject: Any) -> None:
    if not may_manage(user, kind, subject):
        raise refuse(Refusal.not_manager)


def conflicts(
    session: Session, user: User, kind: CuratedKind, subjects: list[Any]
) -> dict[int, Refusal]:
    """Why this user may not take each of these items into review or decide on it (items
    without a conflict are left out); one query for a whole page of the queue."""
    authored = repo.authored_by(session, kind, [s.id for s in subjects], user)
    found: dict[int, Refusal] = {}
    for subject in subjects:
        if subject.created_by_id == user.id or subject.id in authored:
            found[subject.id] = Refusal.authored
        elif is_member(user, kind, subject):
            found[subject.id] = Refusal.own_organisation
    return found


def decision_conflict(
    session: Session, user: User, kind: CuratedKind, subject: Any
) -> Refusal | None:
    """Why this user may not take this item into review or decide on it, if so."""
    return conflicts(session, user, kind, [subject]).get(subject.id)


def require_decider(session: Session, user: User, kind: CuratedKind, subject: Any) -> None:
    """The kind's deciders (curators and admins unless it says otherwise) without a conflict
    of interest in this item."""
    if user.role not in kind.deciders:
        raise refuse(Refusal.not_a_decider)
    if (conflict := decision_conflict(session, user, kind, subject)) is not None:
        raise refuse(conflict)


def require_proposer(user: User, kind: CuratedKind) -> None:
    if user.role not in kind.proposers:
        raise refuse(Refusal.not_a_proposer)
