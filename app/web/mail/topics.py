"""What a one-click unsubscribe stops, in people's words (the topics the senders use)."""

from app.web.i18n import N_

TOPICS = {
    "curation": N_("news about the items you submitted (received, changes requested, decisions)"),
    "queue_digest": N_("the daily digest of the curation queue"),
    "freshness": N_("reminders to update capacity data"),
    "subscriptions": N_("the digests of your saved searches"),
    "join_requests": N_("requests to join your organisation"),
}
EVERYTHING = N_("every message that is not about your own account")


def topic_name(topic: str) -> str:
    return TOPICS.get(topic, EVERYTHING)
