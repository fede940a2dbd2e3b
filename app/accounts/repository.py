"""Queries over organisations, users and API keys."""

from datetime import datetime

from sqlalchemy import or_, update
from sqlmodel import Session, col, func, select

from app.accounts.models import ApiKey, Organisation, User


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email.strip().lower())).first()


def get_organisation(session: Session, org_id: int) -> Organisation | None:
    return session.get(Organisation, org_id)


def get_organisation_by_name(session: Session, name: str) -> Organisation | None:
    return session.exec(
        select(Organisation).where(func.lower(Organisation.name) == name.strip().lower())
    ).first()


def list_organisations(session: Session, limit: int, offset: int) -> list[Organisation]:
    query = select(Organisation).order_by(col(Organisation.name), col(Organisation.id))
    return list(session.exec(query.offset(offset).limit(limit)))


def get_api_key_by_prefix(session: Session, prefix: str) -> ApiKey | None:
    return session.exec(select(ApiKey).where(ApiKey.prefix == prefix)).first()


def list_api_keys(
    session: Session, user_id: int, limit: int | None = None, offset: int = 0
) -> list[ApiKey]:
    query = select(ApiKey).where(ApiKey.user_id == user_id).order_by(col(ApiKey.id))
    return list(session.exec(query.offset(offset).limit(limit)))


def note_api_key_use(session: Session, key_id: int, now: datetime, before: datetime) -> None:
    """Set the key's last use to `now` unless it was already noted at or after `before`; the
    condition in the UPDATE keeps concurrent requests from writing it more than once."""
    last = col(ApiKey.last_used_at)
    session.execute(
        update(ApiKey)
        .where(col(ApiKey.id) == key_id, or_(last.is_(None), last < before))
        .values(last_used_at=now)
    )
