"""Who may write capacity reports, and see who wrote them: curators and admins anywhere, a gov
editor in its scope."""

from app.accounts.models import Role, User, is_staff

__all__ = ["can_report", "in_scope", "is_staff", "sees_reporters"]


def in_scope(user: User, ibge_code: int, uf: str) -> bool:
    """A gov editor's scope is one municipality (scope_ibge) or one UF (scope_uf)."""
    if user.role != Role.gov_editor:
        return False
    if user.scope_ibge is not None:
        return user.scope_ibge == ibge_code
    return user.scope_uf is not None and user.scope_uf == uf


def can_report(user: User, ibge_code: int, uf: str) -> bool:
    return is_staff(user) or in_scope(user, ibge_code, uf)


def sees_reporters(user: User | None, ibge_code: int, uf: str) -> bool:
    """Reporter names are shown to the people who follow the reports up, not to the public:
    curators and admins everywhere, a gov editor only within its own scope."""
    return user is not None and (is_staff(user) or in_scope(user, ibge_code, uf))
