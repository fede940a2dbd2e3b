"""Who may post a need and who owns one: a gov editor in the municipality's scope (its own
municipality or its UF) and admins post; the owner is whoever could post it there, or a gov
editor of the organisation that posted it; staff curate everything."""

from app.accounts.models import Role, User, is_staff
from app.municipalities.access import in_scope
from app.needs.models import Need


def can_post(user: User, ibge_code: int, uf: str) -> bool:
    return user.role == Role.admin or in_scope(user, ibge_code, uf)


def owns(user: User | None, need: Need) -> bool:
    if user is None:
        return False
    same_organisation = (
        user.role == Role.gov_editor
        and need.organisation_id is not None
        and user.organisation_id == need.organisation_id
    )
    return is_staff(user) or in_scope(user, need.ibge_code, need.uf) or same_organisation


def can_offer(user: User) -> bool:
    """Organisations offer help: any signed-in member of one."""
    return user.organisation_id is not None
