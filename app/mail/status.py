"""The mail backlog for /readyz and /metrics (registered with app.core at assembly)."""

from typing import Any

from sqlmodel import Session

from app.config import get_settings
from app.core.metrics import Backlog, Gauge, Sample
from app.db import utcnow
from app.mail import repository as repo

MAIL = Backlog.of("mail", "partilha_mail_pending", "Mail messages still to send")
FAILED = Gauge("partilha_mail_failed", "Mail messages given up (refused, or too many deferrals)")
FAILING = Gauge("partilha_mail_failing_addresses", "Addresses marked failing after 5xx refusals")
MAIL_GAUGES = (*MAIL.gauges, FAILED, FAILING)


def mail_samples(session: Session) -> list[Sample]:
    pending, oldest = repo.backlog(session)
    return [
        *MAIL.samples(pending, oldest),
        Sample(FAILED, repo.count_failed(session)),
        Sample(FAILING, repo.count_failing(session)),
    ]


def mail_backlog(session: Session) -> dict[str, Any]:
    """Messages still to send and the age of the oldest; given up; failing addresses."""
    pending, oldest = repo.backlog(session)
    age = round((utcnow() - oldest).total_seconds(), 1) if oldest is not None else None
    return {
        "pending": pending,
        "oldest_age_s": age,
        "failed": repo.count_failed(session),
        "failing_addresses": repo.count_failing(session),
        "transport": "smtp" if get_settings().smtp_url else "file",
    }
