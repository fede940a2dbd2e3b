"""Webhooks API: thin routes over app.opendata.subscriptions."""

from typing import Annotated

from fastapi import APIRouter, Response

from app.accounts.deps import CurrentUser
from app.core.paging import Pages, pages
from app.db import DbId, SessionDep
from app.opendata import subscriptions as service
from app.webhooks.models import (
    DeliveryPage,
    DeliveryStatus,
    WebhookCreate,
    WebhookCreated,
    WebhookPublic,
)

router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])


@router.post("", response_model=WebhookCreated, status_code=201)
def create_webhook(
    session: SessionDep, user: CurrentUser, body: WebhookCreate, response: Response
) -> WebhookCreated:
    """Deliveries are POSTs of one change-feed item (JSON) with `X-Partilha-Event`,
    `X-Partilha-Delivery` and `X-Partilha-Signature: t=<unix>,v1=<hex>` where v1 is
    HMAC-SHA256(secret, "<t>." + raw body). Refuse stale t; dedupe on `event_id`."""
    created = service.create_subscription(session, user, body)
    response.headers["Location"] = f"/api/v1/webhooks/{created.id}"
    return created


@router.get("", response_model=list[WebhookPublic])
def list_webhooks(session: SessionDep, user: CurrentUser) -> list[WebhookPublic]:
    return service.list_subscriptions(session, user)


@router.get("/{webhook_id}", response_model=WebhookPublic)
def get_webhook(session: SessionDep, user: CurrentUser, webhook_id: DbId) -> WebhookPublic:
    return service.get_subscription(session, user, webhook_id)


@router.post("/{webhook_id}/secret", response_model=WebhookCreated)
def rotate_webhook_secret(
    session: SessionDep, user: CurrentUser, webhook_id: DbId
) -> WebhookCreated:
    """A new signing secret, shown this once; the old one stops signing at once (retries too)."""
    return service.rotate_secret(session, user, webhook_id)


@router.delete("/{webhook_id}", status_code=204)
def delete_webhook(session: SessionDep, user: CurrentUser, webhook_id: DbId) -> Response:
    service.delete_subscription(session, user, webhook_id)
    return Response(status_code=204)


@router.get("/{webhook_id}/deliveries", response_model=DeliveryPage)
def list_deliveries(
    session: SessionDep,
    user: CurrentUser,
    webhook_id: DbId,
    paging: Annotated[Pages, pages(20, 100)],
    status: DeliveryStatus | None = None,
) -> DeliveryPage:
    return service.list_deliveries(
        session, user, webhook_id, status, paging.per_page, paging.offset
    )
