"""Who may see and manage a practice."""

from app.accounts.models import User
from app.curation.service import is_public, is_staff
from app.practices.models import Practice

__all__ = ["can_manage", "is_member", "is_public", "is_staff"]


def is_member(user: User | None, practice: Practice) -> bool:
    return (
        user is not None
        and user.organisation_id is not None
        and user.organisation_id == practice.organisation_id
    )


def can_manage(user: User | None, practice: Practice) -> bool:
    """Members of the owning organisation, curators and admins see every state and private data."""
    return is_staff(user) or is_member(user, practice)
