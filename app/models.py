"""Imports every table so SQLModel.metadata is complete (Alembic and tests use it)."""

from app.accounts.models import ApiKey, Organisation, User
from app.calls.models import Call
from app.curation.models import CurationEvent, IdempotencyRecord
from app.mail.models import MailAddress, MailMessage, MailOptOut
from app.municipalities.models import CapacityPlace, CapacityReport, Municipality, State
from app.needs.models import Need, NeedOffer
from app.notifications.models import DigestSubscription, FreshnessNotice
from app.organisations.models import OrganisationProfile, OrganisationProfileRevision
from app.outbox.models import OutboxEvent
from app.policies.models import Policy, PolicyRevision
from app.practices.models import (
    ConsentRecord,
    Practice,
    PracticeExternalId,
    PracticeRevision,
    PrivateDataAccess,
)
from app.ratelimits.models import RateLimitBucket
from app.replications.models import Replication, ReplicationRevision
from app.search.models import SearchServerCursor, WorkerLease
from app.webhooks.models import WebhookCursor, WebhookDelivery, WebhookSubscription

__all__ = [
    "ApiKey",
    "Call",
    "CapacityPlace",
    "CapacityReport",
    "ConsentRecord",
    "CurationEvent",
    "DigestSubscription",
    "FreshnessNotice",
    "IdempotencyRecord",
    "MailAddress",
    "MailMessage",
    "MailOptOut",
    "Municipality",
    "Need",
    "NeedOffer",
    "Organisation",
    "OrganisationProfile",
    "OrganisationProfileRevision",
    "OutboxEvent",
    "Policy",
    "PolicyRevision",
    "Practice",
    "PracticeExternalId",
    "PracticeRevision",
    "PrivateDataAccess",
    "RateLimitBucket",
    "Replication",
    "ReplicationRevision",
    "SearchServerCursor",
    "State",
    "User",
    "WebhookCursor",
    "WebhookDelivery",
    "WebhookSubscription",
    "WorkerLease",
]
