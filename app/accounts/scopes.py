"""API-key scopes against roles: which scopes a role may grant and what a key holds now.

What a request needs is decided where keys are authenticated, app.accounts.deps."""

from collections.abc import Iterable

from app.accounts.models import SCOPES, Role, Scope

# The widest scope a key of each role may hold; gov_editors write capacity reports (submit).
ROLE_CAP: dict[Role, Scope] = {
    Role.contributor: Scope.submit,
    Role.gov_editor: Scope.submit,
    Role.curator: Scope.curate,
    Role.admin: Scope.admin,
}


def level(scope: Scope) -> int:
    return SCOPES.index(scope)


def widest(scopes: Iterable[Scope]) -> Scope:
    return max(scopes, key=level, default=Scope.read)


def up_to(scope: Scope) -> list[Scope]:
    """The scope and every one it includes, narrowest first."""
    return list(SCOPES[: level(scope) + 1])


def role_scopes(role: Role) -> list[Scope]:
    """Every scope a key of this role may hold."""
    return up_to(ROLE_CAP[role])


def stored(scopes: Iterable[Scope]) -> str:
    """The column's value: every scope up to the widest asked for, space-separated."""
    return " ".join(up_to(widest(scopes)))


def held(stored_scopes: str, role: Role) -> Scope:
    """The widest scope a key holds now: what it was given, capped by its owner's role today
    (an owner moved to a narrower role narrows their keys at once)."""
    given = widest(Scope(s) for s in stored_scopes.split())
    return min(given, ROLE_CAP[role], key=level)
