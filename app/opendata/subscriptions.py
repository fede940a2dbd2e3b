"""Use cases of partner webhooks: subscribe, list, read, unsubscribe, read the delivery log.
Partners see their own subscriptions; admins see every one. The delivery machinery (fan-out,
signing, sending) is the app.webhooks adapter; what each delivery carries is the change-feed
item of its event (delivery_bodies, registered with the adapter at assembly)."""

import json
import secrets
from typing import Any

from sqlmodel import Session

from app.accounts.models import Role, User
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.opendata.changes import describe
from app.outbox.models import OutboxEvent
from app.webhooks import repository as repo
from app.webhooks import urls
from app.webhooks.models import (
    DeliveryPage,
    DeliveryPublic,
    DeliveryStatus,
    WebhookCreate,
    WebhookCreated,
    WebhookDelivery,
    WebhookPublic,
    WebhookSubscription,
)

MAX_PER_USER = 20


def _is_admin(user: User) -> bool:
    return user.role == Role.admin


def _public(sub: WebhookSubscription) -> WebhookPublic:
    return WebhookPublic.model_validate(sub, from_attributes=True)


def _visible(session: Session, user: User, subscription_id: int) -> WebhookSubscription:
    sub = repo.get_subscription(session, subscription_id)
    if sub is None or not (_is_admin(user) or sub.owner_id == user.id):
        raise NotFound(f"webhook {subscription_id} not found")
    return sub


def create_subscription(session: Session, user: User, data: WebhookCreate) -> WebhookCreated:
    """Register a URL for some events; the signing secret is returned this once."""
    if data.allow_private and not _is_admin(user):
        raise Forbidden("only administrators allow deliveries to private addresses")
    if problem := urls.problem(data.url, data.allow_private):
        raise InvalidInput.field(["body", "url"], problem, "url_refused")
    if repo.count_for_owner(session, user.id or 0) >= MAX_PER_USER:
        raise Conflict(f"at most {MAX_PER_USER} webhooks per account; delete one first")
    sub = WebhookSubscription(
        owner_id=user.id or 0,
        url=data.url,
        events=[e.value for e in data.events],
        description=data.description,
        allow_private=data.allow_private,
        secret=_new_secret(),
    )
    session.add(sub)
    session.commit()
    return WebhookCreated(**_public(sub).model_dump(), secret=sub.secret)


def _new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def rotate_secret(session: Session, user: User, subscription_id: int) -> WebhookCreated:
    """Replace the signing secret (leaked, or routine rotation); the new one is returned this
    once. Every delivery from now on, retries included, is signed with it."""
    sub = _visible(session, user, subscription_id)
    sub.secret = _new_secret()
    session.add(sub)
    session.commit()
    return WebhookCreated(**_public(sub).model_dump(), secret=sub.secret)


def list_subscriptions(session: Session, user: User) -> list[WebhookPublic]:
    """The user's webhooks (an admin's list has everyone's)."""
    owner = None if _is_admin(user) else user.id
    return [_public(s) for s in repo.list_subscriptions(session, owner)]


def get_subscription(session: Session, user: User, subscription_id: int) -> WebhookPublic:
    """One webhook (without its secret)."""
    return _public(_visible(session, user, subscription_id))


def delete_subscription(session: Session, user: User, subscription_id: int) -> None:
    """Stop deliveries to this URL; its delivery log goes with it."""
    _visible(session, user, subscription_id)
    repo.delete_subscription(session, subscription_id)
    session.commit()


def _delivery(delivery: WebhookDelivery) -> DeliveryPublic:
    """A delivery as its log shows it: its columns, the body it sends as JSON, and the next
    attempt only while one is still due."""
    pending = delivery.status == DeliveryStatus.pending
    shown = {
        "next_attempt_at": delivery.next_attempt_at if pending else None,
        "payload": json.loads(delivery.body),
    }
    return DeliveryPublic.model_validate(delivery, from_attributes=True, update=shown)


def list_deliveries(
    session: Session,
    user: User,
    subscription_id: int,
    status: DeliveryStatus | None,
    limit: int,
    offset: int,
) -> DeliveryPage:
    """The delivery log of a webhook, newest first: every attempt with its answer."""
    _visible(session, user, subscription_id)
    rows, total = repo.deliveries_page(session, subscription_id, status, limit, offset)
    return DeliveryPage(items=[_delivery(d) for d in rows], total=total)


def delivery_bodies(session: Session, events: list[OutboxEvent]) -> dict[int, dict[str, Any]]:
    """The body of each event's deliveries, by outbox event id: its change-feed item."""
    return {item.event_id: item.model_dump(mode="json") for item in describe(session, events)}
