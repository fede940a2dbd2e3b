"""A withdrawn consent reaches partners: the change feed and webhooks announce the practice
again even when no edit is pending, a failing delivery is retried without the contact, and
no stored delivery body keeps it."""

import json
from datetime import datetime, timedelta

from sqlmodel import Session, select

from app.db import get_engine
from app.webhooks.models import WebhookDelivery
from tests.builders import auth
from tests.opendata.settle import wait_until_settled
from tests.webhooks.conftest import Partners, Receiver

CONTACT = {"name": "Clara Consentida", "email": "clara@example.org", "phone": "+55 95 95555-5555"}


def feed_items(partners: Partners, practice_id: int) -> list[dict[str, object]]:
    wait_until_settled()  # PostgreSQL: the feed shows what is below the outbox horizon
    items = partners.client.get("/api/v1/changes?limit=1000").json()["items"]
    return [i for i in items if i["entity"] == "practice" and i["id"] == practice_id]


class TestWithdrawalIsAnnounced:
    def test_feed_webhooks_and_stored_bodies(self, partners: Partners, receiver: Receiver) -> None:
        sent = partners.hook(f"{receiver.url}/sent", ["practice.published"])
        failing = partners.hook(f"{receiver.url}/failing", ["practice.published"])
        receiver.answers = [200, 500]  # the first subscription's delivery, then the second's
        practice = partners.publish(contact=CONTACT, contact_public=True)
        pid = practice["id"]
        partners.dispatch()
        assert [json.loads(r.body)["data"]["contact_email"] for r in receiver.received] == [
            CONTACT["email"],
            CONTACT["email"],
        ]
        [retry] = partners.log(failing["id"])
        assert retry["status"] == "pending"
        assert len(feed_items(partners, pid)) == 1

        # The usual case: nothing pending, the owner withdraws through the consent endpoint.
        path = f"/api/v1/practices/{pid}/consents/withdraw"
        withdrawn = partners.client.post(path, headers=auth(partners.owner))
        assert withdrawn.status_code == 200, withdrawn.text

        items = feed_items(partners, pid)
        assert len(items) == 2 and items[-1]["change"] == "updated"
        assert items[-1]["data"]["contact_email"] is None  # type: ignore[index]
        # The delivery logs no longer show the contact, sent or waiting for its retry.
        for hook in (sent, failing):
            [logged] = partners.log(hook["id"])
            assert logged["payload"]["data"]["contact_email"] is None
            assert logged["payload"]["data"]["title"] == practice["revision"]["content"]["title"]
        with Session(get_engine()) as session:
            bodies = [d.body for d in session.exec(select(WebhookDelivery))]
        assert all(CONTACT["email"] not in b and CONTACT["phone"] not in b for b in bodies)

        before = len(receiver.received)
        partners.dispatch(datetime.fromisoformat(retry["next_attempt_at"]) + timedelta(seconds=1))
        after = [(r.path, json.loads(r.body)) for r in receiver.received[before:]]
        # The retry, and the withdrawal's own event to both subscriptions; none has the contact.
        assert sorted(path.rsplit("/", 1)[1] for path, _ in after) == ["failing", "failing", "sent"]
        assert all(body["data"]["contact_email"] is None for _, body in after)
        assert all(CONTACT["name"] not in json.dumps(body) for _, body in after)
        events = {body["event_id"] for _, body in after}
        assert len(events) == 2  # the original event (retried) and the withdrawal's

    def test_no_event_when_nothing_public_changes(self, partners: Partners) -> None:
        practice = partners.publish(contact=CONTACT, contact_public=False)
        path = f"/api/v1/practices/{practice['id']}/consents/withdraw"
        assert partners.client.post(path, headers=auth(partners.owner)).status_code == 200
        assert len(feed_items(partners, practice["id"])) == 1
