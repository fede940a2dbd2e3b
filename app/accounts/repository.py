"""Queries over organisations, users and API keys."""

from datetime import datetime

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, func, select

from app.accounts.models import (
    ApiKey,
    JoinRequest,
    JoinStatus,
    Organisation,
    PasswordReset,
    Role,
    SecurityEvent,
    SignInAddress,
    User,
    WebSession,
)
from app.db import page, where_given


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email.strip().lower())).first()


def count_active_admins(session: Session, excluding: int) -> int:
    query = select(func.count()).where(
        User.role == Role.admin, col(User.is_active).is_(True), col(User.id) != excluding
    )
    return int(session.exec(query).one())


def list_users(session: Session, limit: int, offset: int) -> tuple[list[User], int]:
    query = select(User).where(col(User.deleted_at).is_(None))
    return page(session, query, col(User.id), limit=limit, offset=offset)


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


# --- browser sessions ------------------------------------------------------------------


def get_web_session(session: Session, token_hash: str) -> WebSession | None:
    return session.exec(select(WebSession).where(WebSession.token_hash == token_hash)).first()


def touch_web_session(session: Session, row_id: int, now: datetime, before: datetime) -> None:
    """Like note_api_key_use: one conditional UPDATE, so concurrent pages write it once."""
    seen = col(WebSession.last_seen_at)
    session.execute(
        update(WebSession)
        .where(col(WebSession.id) == row_id, seen < before)
        .values(last_seen_at=now)
    )


def delete_web_session(session: Session, token_hash: str) -> None:
    session.execute(delete(WebSession).where(col(WebSession.token_hash) == token_hash))


def delete_web_sessions_of(session: Session, user_id: int, keep: str | None) -> int:
    query = delete(WebSession).where(col(WebSession.user_id) == user_id)
    if keep is not None:
        query = query.where(col(WebSession.token_hash) != keep)
    return int(getattr(session.execute(query), "rowcount", 0) or 0)


def prune_web_sessions(
    session: Session, user_id: int, idle_before: datetime, started_before: datetime
) -> None:
    """Drop the person's timed-out sessions (done at each sign-in: the table stays small)."""
    session.execute(
        delete(WebSession).where(
            col(WebSession.user_id) == user_id,
            or_(
                col(WebSession.last_seen_at) < idle_before,
                col(WebSession.created_at) < started_before,
            ),
        )
    )


def web_sessions_of(session: Session, user_id: int) -> list[WebSession]:
    query = select(WebSession).where(WebSession.user_id == user_id)
    return list(session.exec(query.order_by(col(WebSession.id))))


def count_web_sessions(
    session: Session, user_id: int, idle_since: datetime, started_since: datetime
) -> int:
    query = select(func.count()).where(
        col(WebSession.user_id) == user_id,
        col(WebSession.last_seen_at) >= idle_since,
        col(WebSession.created_at) >= started_since,
    )
    return int(session.exec(query).one())


# --- sign-in addresses and the accounts' audit -------------------------------------------


def is_known_address(session: Session, user_id: int, address_hash: str, since: datetime) -> bool:
    found = session.get(SignInAddress, (user_id, address_hash))
    return found is not None and found.last_success_at >= since


def remember_address(
    session: Session, user_id: int, address_hash: str, now: datetime, since: datetime
) -> None:
    """Note a successful sign-in from the address; forget the person's addresses unused since
    `since` (an address changes hands)."""
    session.execute(
        delete(SignInAddress).where(
            col(SignInAddress.user_id) == user_id, col(SignInAddress.last_success_at) < since
        )
    )
    row = session.get(SignInAddress, (user_id, address_hash))
    if row is None:
        row = SignInAddress(user_id=user_id, address_hash=address_hash)
    row.last_success_at = now
    session.add(row)


def forget_addresses(session: Session, user_id: int) -> None:
    session.execute(delete(SignInAddress).where(col(SignInAddress.user_id) == user_id))


def security_events_of(session: Session, user_id: int) -> list[SecurityEvent]:
    query = select(SecurityEvent).where(SecurityEvent.user_id == user_id)
    return list(session.exec(query.order_by(col(SecurityEvent.id))))


def security_events(
    session: Session, user_id: int | None, limit: int, offset: int
) -> tuple[list[SecurityEvent], int]:
    query = where_given(select(SecurityEvent), (SecurityEvent.user_id, user_id))
    return page(session, query, col(SecurityEvent.id).desc(), limit=limit, offset=offset)


def password_reset(session: Session, token_hash: str) -> PasswordReset | None:
    return session.exec(select(PasswordReset).where(PasswordReset.token_hash == token_hash)).first()


def spend_password_resets(session: Session, user_id: int, now: datetime) -> None:
    """Every link of the account still unused stops working (one was just used)."""
    session.execute(
        update(PasswordReset)
        .where(col(PasswordReset.user_id) == user_id, col(PasswordReset.used_at).is_(None))
        .values(used_at=now)
    )


def join_request(session: Session, request_id: int) -> JoinRequest | None:
    return session.get(JoinRequest, request_id)


def join_request_by_token(session: Session, token_hash: str) -> JoinRequest | None:
    return session.exec(select(JoinRequest).where(JoinRequest.token_hash == token_hash)).first()


def join_requests_of(session: Session, user_id: int) -> list[JoinRequest]:
    query = select(JoinRequest).where(JoinRequest.user_id == user_id)
    return list(session.exec(query.order_by(col(JoinRequest.id))).all())


def pending_join_requests(session: Session, organisation_id: int | None) -> list[JoinRequest]:
    """Waiting requests, oldest first: every one (None: admins) or one organisation's."""
    query = where_given(
        select(JoinRequest).where(JoinRequest.status == JoinStatus.pending),
        (JoinRequest.organisation_id, organisation_id),
    )
    return list(session.exec(query.order_by(col(JoinRequest.id))).all())


def join_approvers(session: Session, organisation_id: int | None) -> list[User]:
    """Who decides: the organisation's active members, or the active admins (a new one)."""
    query = select(User).where(col(User.is_active).is_(True), col(User.deleted_at).is_(None))
    if organisation_id is not None:
        query = query.where(User.organisation_id == organisation_id)
    else:
        query = query.where(User.role == Role.admin)
    return list(session.exec(query.order_by(col(User.id))).all())
