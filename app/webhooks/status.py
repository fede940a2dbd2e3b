"""The webhook deliveries still to send, as /metrics exposes them (registered at assembly)."""

from sqlmodel import Session

from app.core.metrics import Backlog, Sample
from app.webhooks import repository as repo

DELIVERIES = Backlog.of(
    "webhook", "partilha_webhook_deliveries_pending", "Webhook deliveries still to send"
)
DELIVERY_GAUGES = DELIVERIES.gauges


def delivery_samples(session: Session) -> list[Sample]:
    """How many deliveries wait and the age of the oldest one (0: none)."""
    pending, oldest = repo.pending_backlog(session)
    return DELIVERIES.samples(pending, oldest)
