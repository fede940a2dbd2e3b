"""Deliveries to a real HTTP receiver on loopback: signed, retried with backoff, fed from the
outbox through the dispatcher's own commit-safe cursor, logged for the partner."""

import hashlib
import hmac
import json
import threading
import time
from datetime import datetime, timedelta

import pytest
from sqlmodel import Session, col, select, update

from app.config import get_settings
from app.db import get_engine, utcnow
from app.outbox.models import OutboxEvent
from app.webhooks import dispatch, signing
from app.webhooks.dispatch import fan_out
from app.webhooks.models import WebhookDelivery, WebhookSubscription
from tests.builders import auth, publish_replication
from tests.opendata.settle import wait_until_settled
from tests.webhooks.conftest import Partners, Receiver


def later(delivery: dict[str, object]) -> datetime:
    """The moment a retry becomes due (the tests move the clock instead of sleeping)."""
    return datetime.fromisoformat(str(delivery["next_attempt_at"]))


class TestSignedDelivery:
    def test_the_receiver_gets_a_signed_change_item(
        self, partners: Partners, receiver: Receiver
    ) -> None:
        hook = partners.hook(receiver.url, ["practice.published"])
        practice = partners.publish(title="Aulas de português na fronteira")
        result = partners.dispatch()
        assert (result.events, result.deliveries, result.delivered) == (1, 1, 1)

        [request] = receiver.received
        body = json.loads(request.body)
        assert body["event"] == "practice.published" and body["change"] == "created"
        assert (
            body["id"] == practice["id"]
            and body["data"]["title"] == "Aulas de português na fronteira"
        )
        assert "contact_email" in body["data"] and body["data"]["contact_email"] is None
        assert request.headers["X-Partilha-Event"] == "practice.published"
        # The signature, recomputed here from the documented recipe: HMAC-SHA256 of "t.body".
        fields = dict(
            part.split("=", 1) for part in request.headers["X-Partilha-Signature"].split(",")
        )
        mac = hmac.new(
            hook["secret"].encode(), fields["t"].encode() + b"." + request.body, hashlib.sha256
        )
        assert hmac.compare_digest(fields["v1"], mac.hexdigest())
        assert abs(int(fields["t"]) - time.time()) < 60
        header = request.headers["X-Partilha-Signature"]
        assert signing.verify(hook["secret"], header, request.body, time.time())
        assert not signing.verify("whsec_wrong", header, request.body, time.time())
        assert not signing.verify(hook["secret"], header, request.body + b" ", time.time())
        assert not signing.verify(
            hook["secret"], header, request.body, time.time() + 3600
        )  # replay

        [logged] = partners.log(hook["id"])
        assert logged["status"] == "delivered" and logged["attempts"] == 1
        assert logged["last_status_code"] == 200 and logged["payload"] == body
        assert request.headers["X-Partilha-Delivery"] == str(logged["id"])

    def test_only_the_subscribed_events_after_subscribing(
        self, partners: Partners, receiver: Receiver
    ) -> None:
        before = partners.publish(title="Publicada antes da inscrição")
        hook = partners.hook(receiver.url, ["practice.archived"])
        partners.publish(title="Publicada depois, mas não é o evento pedido")
        partners.client.post(
            f"/api/v1/practices/{before['id']}/withdraw", headers=auth(partners.owner)
        )
        partners.dispatch()
        assert [json.loads(r.body)["event"] for r in receiver.received] == ["practice.archived"]
        body = json.loads(receiver.received[0].body)
        assert body["change"] == "archived" and body["data"] is None  # a tombstone
        assert len(partners.log(hook["id"])) == 1


class TestRetries:
    def test_a_failed_delivery_is_retried_with_backoff(
        self, partners: Partners, receiver: Receiver
    ) -> None:
        hook = partners.hook(receiver.url, ["practice.published"])
        receiver.answers = [500]
        partners.publish()
        first = partners.dispatch()
        assert (first.delivered, first.retrying) == (0, 1)
        [pending] = partners.log(hook["id"])
        assert pending["status"] == "pending" and pending["last_status_code"] == 500
        assert "500" in pending["last_error"]
        due = later(pending)
        assert due - utcnow() > timedelta(seconds=20)  # base 30 s, not hammered

        assert partners.dispatch().retrying == 0 and len(receiver.received) == 1  # not yet due
        second = partners.dispatch(now=due)
        assert second.delivered == 1
        assert [r.body for r in receiver.received] == [receiver.received[0].body] * 2  # same bytes
        [done] = partners.log(hook["id"])
        assert done["status"] == "delivered" and done["attempts"] == 2
        assert [a["status_code"] for a in done["attempt_log"]] == [500, 200]

    def test_backoff_doubles_and_gives_up(
        self, partners: Partners, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("PARTILHA_WEBHOOK_MAX_ATTEMPTS", "3")
        get_settings.cache_clear()
        hook = partners.hook(receiver.url, ["practice.published"])
        receiver.answers = [500, 503, 502]
        partners.publish()
        partners.dispatch()
        gaps, now = [], utcnow()
        for _ in range(2):
            [entry] = partners.log(hook["id"])
            gaps.append((later(entry) - now).total_seconds())
            now = later(entry)
            partners.dispatch(now=now)
        assert 55 < gaps[1] / gaps[0] * 30 < 65  # 30 s, then 60 s
        [failed] = partners.log(hook["id"])
        assert failed["status"] == "failed" and failed["next_attempt_at"] is None
        assert [a["status_code"] for a in failed["attempt_log"]] == [500, 503, 502]
        assert partners.dispatch(now=now + timedelta(days=1)).failed == 0
        assert len(receiver.received) == 3

    def test_an_unreachable_receiver_is_an_error_not_a_crash(self, partners: Partners) -> None:
        hook = partners.hook("http://127.0.0.1:9/closed", ["practice.published"])
        partners.publish()
        assert partners.dispatch().retrying == 1
        [entry] = partners.log(hook["id"])
        assert entry["last_status_code"] is None and "ConnectError" in entry["last_error"]

    def test_a_destination_that_became_private_is_not_contacted(
        self, partners: Partners, receiver: Receiver
    ) -> None:
        hook = partners.hook(receiver.url, ["practice.published"])
        with Session(get_engine()) as session:  # as if its name now resolved to loopback
            session.execute(update(WebhookSubscription).values(allow_private=False))
            session.commit()
        partners.publish()
        partners.dispatch()
        assert receiver.received == []
        assert "loopback" in partners.log(hook["id"])[0]["last_error"]


class TestFedFromTheOutbox:
    def test_the_search_indexers_column_is_left_alone(
        self, partners: Partners, receiver: Receiver
    ) -> None:
        partners.hook(receiver.url, ["practice.published"])
        partners.publish()
        partners.dispatch()
        with Session(get_engine()) as session:
            events = session.exec(select(OutboxEvent)).all()
        assert events and all(e.processed_at is None for e in events)

    def test_with_no_subscription_the_position_moves_on_past_every_event(
        self, partners: Partners, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(dispatch, "SKIP_BATCH", 2)  # positions only, two at a time
        for n in range(3):
            partners.publish(title=f"Prática {n} publicada sem ninguém inscrito")
        wait_until_settled()
        assert fan_out(get_engine()) == (2, 0)  # moved past, nothing to deliver
        assert fan_out(get_engine()) == (1, 0)
        assert fan_out(get_engine()) == (0, 0)  # and not read again
        hook = partners.hook(receiver.url, ["practice.published"])
        after = partners.publish(title="Publicada depois da inscrição")
        partners.dispatch()
        assert [json.loads(r.body)["id"] for r in receiver.received] == [after["id"]]
        assert [d["status"] for d in partners.log(hook["id"])] == ["delivered"]

    def test_concurrent_dispatchers_fan_out_each_event_once(
        self, partners: Partners, receiver: Receiver
    ) -> None:
        partners.hook(receiver.url, ["practice.published"])
        partners.hook(receiver.url, ["practice.published", "practice.archived"])
        stop = threading.Event()
        errors: list[BaseException] = []

        def dispatcher() -> None:
            try:
                while not stop.is_set():
                    fan_out(get_engine())
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=dispatcher) for _ in range(2)]
        for thread in threads:
            thread.start()
        published = [
            partners.publish(title=f"Prática {n} publicada durante o despacho") for n in range(6)
        ]
        stop.set()
        for thread in threads:
            thread.join(30)
        wait_until_settled()
        fan_out(get_engine())  # whatever the last pass had not reached yet
        assert not errors, errors
        with Session(get_engine()) as session:
            rows = session.exec(
                select(WebhookDelivery.subscription_id, WebhookDelivery.entity_id).order_by(
                    col(WebhookDelivery.id)
                )
            ).all()
        assert sorted(rows) == sorted((sub, p["id"]) for p in published for sub in (1, 2))


class TestDispatcherThread:
    def test_the_running_app_delivers_on_its_own(
        self, session: Session, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from fastapi.testclient import TestClient

        from app.main import create_app

        monkeypatch.setenv("PARTILHA_WEBHOOK_DISPATCHER", "true")
        monkeypatch.setenv("PARTILHA_WEBHOOK_POLL_S", "0.05")
        get_settings.cache_clear()
        with TestClient(create_app()) as client:
            partners = Partners(session, client)
            partners.hook(receiver.url, ["practice.published"])
            practice = partners.publish()
            deadline = time.monotonic() + 120  # the horizon may wait for others' transactions
            while not receiver.received:
                assert time.monotonic() < deadline, "the dispatcher thread delivered nothing"
                time.sleep(0.05)
        assert json.loads(receiver.received[0].body)["id"] == practice["id"]


class TestSecretRotation:
    def test_a_rotated_secret_signs_the_next_deliveries_and_retries(
        self, partners: Partners, receiver: Receiver
    ) -> None:
        hook = partners.hook(receiver.url, ["practice.published"])
        receiver.answers = [500]  # the first attempt fails: its retry comes after the rotation
        partners.publish(title="Primeira")
        partners.dispatch()
        path = f"/api/v1/webhooks/{hook['id']}/secret"
        assert partners.client.post(path, headers=auth(partners.partner)).status_code == 404
        rotated = partners.client.post(path, headers=auth(partners.admin))
        assert rotated.status_code == 200, rotated.text
        secret = rotated.json()["secret"]
        assert secret.startswith("whsec_") and secret != hook["secret"]
        shown = partners.client.get(f"/api/v1/webhooks/{hook['id']}", headers=auth(partners.admin))
        assert "secret" not in shown.json()

        [failed] = partners.log(hook["id"])
        assert partners.dispatch(now=later(failed)).delivered == 1
        retried = receiver.received[-1]
        header = retried.headers["X-Partilha-Signature"]
        assert signing.verify(secret, header, retried.body, time.time())
        assert not signing.verify(hook["secret"], header, retried.body, time.time())


class TestReplicationEvents:
    def test_published_and_archived_replications_reach_subscribers_without_the_contact(
        self, partners: Partners, receiver: Receiver
    ) -> None:
        hook = partners.hook(receiver.url, ["replication.published", "replication.archived"])
        practice = partners.publish(title="Aulas de português na fronteira")
        replication = publish_replication(
            partners.client, partners.other, partners.curator, practice["id"]
        )
        partners.dispatch()  # each body is the replication's public row at delivery time
        partners.client.post(
            f"/api/v1/replications/{replication['id']}/withdraw", headers=auth(partners.other)
        )
        partners.dispatch()
        bodies = [json.loads(r.body) for r in receiver.received]
        assert [(b["event"], b["change"]) for b in bodies] == [
            ("replication.published", "created"),
            ("replication.archived", "archived"),
        ]
        assert bodies[0]["data"]["practice_title"] == "Aulas de português na fronteira"
        assert bodies[1]["data"] is None  # archived: a tombstone
        assert all("ana.privada@exemplo.org" not in r.body.decode() for r in receiver.received)
        assert [d["status"] for d in partners.log(hook["id"])] == ["delivered", "delivered"]
