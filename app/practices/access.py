"""Who may see and manage a practice."""

from app.accounts.models import Role, User
from app.practices.models import Practice


def is_staff(user: User | None) -> bool:
    return user is not None and user.role in (Role.curator, Role.admin)


def is_member(user: User | None, practice: Practice) -> bool:
    return (
        user is not None
        and user.organisation_id is not None
        and user.organisation_id == practice.organisation_id
    )


def can_manage(user: User | None, practice: Practice) -> bool:
    """Members of the owning organisation, curators and admins see every state and private data."""
    return is_staff(user) or is_member(user, practice)


def is_public(practice: Practice) -> bool:
    return practice.published_revision_id is not None and practice.archived_at is None
