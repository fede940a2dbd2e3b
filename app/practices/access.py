"""Who may see and manage a practice: the curation engine's rules, applied to this kind."""

from app.accounts.models import User, is_staff
from app.curation import rights
from app.curation.rights import is_public
from app.practices.kind import PRACTICE
from app.practices.models import Practice

__all__ = ["can_manage", "is_member", "is_public", "is_staff"]


def is_member(user: User | None, practice: Practice) -> bool:
    return rights.is_member(user, PRACTICE, practice)


def can_manage(user: User | None, practice: Practice) -> bool:
    """Members of the owning organisation, curators and admins see every state and private data."""
    return rights.may_manage(user, PRACTICE, practice)
