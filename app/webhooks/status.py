"""The webhook deliveries still to send, as /metrics exposes them (registered at assembly)."""

from sqlmodel import Session

from app.core.metrics import Gauge, Sample
from app.db import utcnow
from app.webhooks import repository as repo

DELIVERIES_PENDING = Gauge(
    "partilha_webhook_deliveries_pending", "Webhook deliveries still to send"
)
DELIVERIES_AGE = Gauge(
    "partilha_webhook_oldest_pending_age_seconds",
    "Age of the oldest webhook delivery still to send (0: none)",
)
DELIVERY_GAUGES = (DELIVERIES_PENDING, DELIVERIES_AGE)


def delivery_samples(session: Session) -> list[Sample]:
    """How many deliveries wait and the age of the oldest one (0: none)."""
    pending, oldest = repo.pending_backlog(session)
    age = max((utcnow() - oldest).total_seconds(), 0.0) if oldest is not None else 0.0
    return [Sample(DELIVERIES_PENDING, pending), Sample(DELIVERIES_AGE, age)]
