"""Saved-search subscriptions: anyone with an account follows themes, a UF, a municipality or a
thematic call and gets a daily or weekly digest of what was newly published that matches
(digests.py). Anonymous visitors have the Atom feeds."""

from pydantic import field_validator
from sqlmodel import Field, Session, SQLModel

from app.accounts.models import User
from app.catalog.loader import get_catalog
from app.db import IbgeCode
from app.errors import InvalidInput, NotFound
from app.municipalities import repository as municipalities
from app.notifications import repository as repo
from app.notifications.models import DigestSubscription, Frequency

MAX_PER_PERSON = 20


class SubscriptionCreate(SQLModel):
    model_config = {"extra": "forbid"}

    frequency: Frequency = Frequency.weekly
    themes: list[str] = Field(default_factory=list, max_length=20)
    uf: str | None = Field(default=None, min_length=2, max_length=2)
    ibge_code: IbgeCode | None = None
    call_id: int | None = Field(default=None, ge=1, le=2_147_483_647)

    @field_validator("uf")
    @classmethod
    def _upper(cls, value: str | None) -> str | None:
        return value.upper() if value else value


class SubscriptionPublic(SQLModel):
    id: int
    frequency: Frequency
    themes: list[str]
    uf: str | None
    ibge_code: int | None
    call_id: int | None


def _check(session: Session, data: SubscriptionCreate) -> None:
    themes = {t.slug for t in get_catalog().taxonomies.themes}
    errors = [
        {"loc": ["body", "themes", i], "msg": f"unknown theme {slug!r}", "type": "enum"}
        for i, slug in enumerate(data.themes)
        if slug not in themes
    ]
    if data.uf and data.uf not in municipalities.all_ufs(session):
        errors.append({"loc": ["body", "uf"], "msg": f"unknown UF {data.uf!r}", "type": "enum"})
    if data.ibge_code and municipalities.get_municipality(session, data.ibge_code) is None:
        errors.append({"loc": ["body", "ibge_code"], "msg": "unknown IBGE code", "type": "enum"})
    if data.call_id and not repo.call_exists(session, data.call_id):
        errors.append({"loc": ["body", "call_id"], "msg": "unknown call", "type": "enum"})
    if errors:
        raise InvalidInput("the saved search is not valid", errors=errors)


def subscribe(session: Session, user: User, data: SubscriptionCreate) -> DigestSubscription:
    """Follow a saved search."""
    _check(session, data)
    if repo.count_subscriptions(session, user.id or 0) >= MAX_PER_PERSON:
        raise InvalidInput.field(["body"], f"at most {MAX_PER_PERSON} saved searches", "limit")
    subscription = DigestSubscription(user_id=user.id or 0, **data.model_dump())
    session.add(subscription)
    session.commit()
    return subscription


def subscriptions(session: Session, user: User) -> list[DigestSubscription]:
    return repo.subscriptions_of(session, user.id or 0)


def unsubscribe(session: Session, user: User, subscription_id: int) -> None:
    """Stop following a saved search (only one's own: anyone else's is 404)."""
    found = repo.get_subscription(session, subscription_id)
    if found is None or found.user_id != user.id:
        raise NotFound(f"saved search {subscription_id} not found")
    session.delete(found)
    session.commit()


def held_for(session: Session, user: User) -> list[dict[str, object]]:
    """The person's saved searches, for their data export."""
    return [s.model_dump(mode="json") for s in repo.subscriptions_of(session, user.id or 0)]


def forget(session: Session, user: User) -> None:
    """Stop and erase the person's saved searches (account deletion); the caller commits."""
    for found in repo.subscriptions_of(session, user.id or 0):
        session.delete(found)
