"""The webhook deliveries still to send, as /metrics exposes them (registered at assembly)."""

from sqlmodel import Session

from app.core.metrics import Backlog, Gauge, Sample
from app.webhooks import repository as repo

DELIVERIES = Backlog(
    Gauge("partilha_webhook_deliveries_pending", "Webhook deliveries still to send"),
    Gauge(
        "partilha_webhook_oldest_pending_age_seconds",
        "Age of the oldest webhook delivery still to send (0: none)",
    ),
)
DELIVERY_GAUGES = DELIVERIES.gauges


def delivery_samples(session: Session) -> list[Sample]:
    """How many deliveries wait and the age of the oldest one (0: none)."""
    pending, oldest = repo.pending_backlog(session)
    return DELIVERIES.samples(pending, oldest)
