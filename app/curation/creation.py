"""Creating an item of any kind, with Idempotency-Key: a client that retries a create (a
dropped connection on a phone, a partner's job run twice) gets the first item, not a copy."""

import hashlib
import json
from collections.abc import Callable
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import Header
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.accounts.models import User, is_staff
from app.accounts.repository import get_organisation
from app.curation import repository as repo
from app.curation import rights
from app.curation.items import named
from app.curation.kinds import CuratedKind
from app.curation.models import IdempotencyRecord
from app.errors import Conflict, Forbidden, InvalidInput

Item = TypeVar("Item")
Data = TypeVar("Data", bound=BaseModel)
Made = TypeVar("Made", covariant=True)
Given = TypeVar("Given", bound=BaseModel, contravariant=True)


class CreateCase(Protocol[Given, Made]):
    """A kind's create use case, as the routes, pages and the demo use it."""

    def __call__(
        self, session: Session, user: User, data: Given, idempotency_key: str | None = None
    ) -> tuple[Made, bool]: ...


IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="Retries with the same key "
        "and body return the first result instead of creating a duplicate",
    ),
]


def request_hash(payload: BaseModel) -> str:
    raw = json.dumps(payload.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def replay(
    session: Session, user: User, kind: CuratedKind, key: str, digest: str | None
) -> Any | None:
    """The item a previous request with this key created (None: the key is new); a key sent
    again with another body is refused, since its retry would be ambiguous."""
    record = repo.get_idempotency(session, kind, user.id or 0, key)
    if record is None:
        return None
    if digest is not None and record.request_hash != digest:
        raise Conflict("this Idempotency-Key was already used with a different request body")
    return repo.get_subject(session, kind, record.subject_id)


def create(
    session: Session,
    user: User,
    kind: CuratedKind,
    payload: BaseModel,
    key: str | None,
    draft: Callable[[], Any],
) -> tuple[Any, bool]:
    """Commit the draft that `draft` adds (the domain's validation, row and curation.start),
    or answer with the item this key created before. Returns (item, replayed)."""
    rights.require_proposer(user, kind)
    digest = request_hash(payload)
    if key and (previous := replay(session, user, kind, key, digest)) is not None:
        return previous, True
    subject = draft()
    if key:
        session.add(
            IdempotencyRecord(
                user_id=user.id or 0,
                subject_type=kind.name,
                key=key,
                request_hash=digest,
                subject_id=subject.id,
            )
        )
    try:
        session.commit()
    except IntegrityError:
        # A concurrent retry with the same key won the race: answer with its result.
        session.rollback()
        if key and (previous := replay(session, user, kind, key, digest)) is not None:
            return previous, True
        raise
    return subject, False


def creating(
    kind: CuratedKind, new_draft: Callable[[Session, User, Data], Item], verb: str = "create"
) -> CreateCase[Data, Item]:
    """A kind's create use case (<verb>_<name>): `create` with the draft `new_draft` adds (its
    validation, row and curation.start). The case returns (item, replayed)."""

    def create_item(
        session: Session, user: User, data: Data, idempotency_key: str | None = None
    ) -> tuple[Item, bool]:
        return create(
            session, user, kind, data, idempotency_key, lambda: new_draft(session, user, data)
        )

    doc = f"Save a new {kind.name} as a draft (public only once curators approve it); a retry"
    doc += " with the same Idempotency-Key answers with the first one. Returns (item, replayed)."
    return named(create_item, verb, kind, doc)


def credited_organisation(session: Session, user: User, requested: int | None) -> int:
    """The organisation a new item is credited to: the author's own, or, for curators and
    admins entering an item on behalf of another organisation, the one they name."""
    if requested is not None and requested != user.organisation_id:
        if not is_staff(user):
            raise Forbidden("you can only submit items for your own organisation")
        if get_organisation(session, requested) is None:
            raise InvalidInput.field(
                ["body", "organisation_id"], f"unknown organisation {requested}"
            )
        return requested
    if user.organisation_id is None:
        raise InvalidInput.field(
            ["body", "organisation_id"], "choose the organisation the item is credited to"
        )
    return user.organisation_id
