"""Whose name a form's item is published under: the item's organisation when it has one,
otherwise (a new item) the organisation of the person filling the form."""

from typing import Any

from sqlmodel import Session

from app.accounts import repository as accounts
from app.accounts.models import User


def publisher(session: Session, user: User | None, item: Any = None) -> str | None:
    owner = getattr(item, "organisation", None)
    if isinstance(owner, dict) and owner.get("name"):
        return str(owner["name"])
    if owner is not None and getattr(owner, "name", None):
        return str(owner.name)
    if user is None or user.organisation_id is None:
        return None
    found = accounts.get_organisation(session, user.organisation_id)
    return found.name if found else None
