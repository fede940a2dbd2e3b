"""A person exports everything held about them and deletes their account: it is anonymised
at once (no sign-in, no token, no API key, no webhook), in one transaction, while the
practices and the curation history stay with the organisation."""

from typing import Any

import pytest
from sqlmodel import Session, select

from app.accounts.models import ApiKey, User
from app.webhooks.models import WebhookSubscription
from tests.builders import PASSWORD, auth
from tests.privacy.conftest import PUBLISHED_PRIVATE, People
from tests.web.helpers import sign_in


def delete(people: People, headers: dict[str, str], password: str) -> Any:
    return people.client.request(
        "DELETE", "/api/v1/me", json={"password": password}, headers=headers
    )


def sign_in_api(people: People, user: User) -> Any:
    return people.client.post(
        "/api/v1/auth/token", data={"username": user.email, "password": PASSWORD}
    )


class Subscriber:
    """The owner with an API key and a webhook, and a published practice."""

    def __init__(self, people: People):
        self.key = people.ok(
            people.client.post(
                "/api/v1/api-keys", json={"name": "sistema"}, headers=auth(people.owner)
            ),
            201,
        )
        self.hook = people.ok(
            people.client.post(
                "/api/v1/webhooks",
                json={"url": "https://1.1.1.1/hooks", "events": ["practice.published"]},
                headers={"X-API-Key": self.key["key"]},
            ),
            201,
        )
        self.practice = people.publish(contact=PUBLISHED_PRIVATE)
        self.token = people.ok(sign_in_api(people, people.owner))["access_token"]


@pytest.fixture
def subscriber(people: People) -> Subscriber:
    return Subscriber(people)


class TestExport:
    def test_everything_held_and_no_secret(self, people: People, subscriber: Subscriber) -> None:
        response = people.client.get("/api/v1/me/export", headers=auth(people.owner))
        data = people.ok(response)
        assert response.headers["cache-control"] == "no-store"
        assert data["account"]["email"] == people.owner.email
        assert "password_hash" not in data["account"]
        assert data["organisation"]["name"] == people.org.name
        assert [p["id"] for p in data["practices"]] == [subscriber.practice["id"]]
        [revision] = data["practice_revisions"]
        assert revision["content"]["contact"] == PUBLISHED_PRIVATE  # they wrote it
        assert [e["action"] for e in data["curation_events"]] == ["create", "submit"]
        [key] = data["api_keys"]
        assert key["prefix"] and "key_hash" not in key and "key" not in key
        [hook] = data["webhooks"]
        assert hook["url"] == "https://1.1.1.1/hooks" and "secret" not in hook
        text = response.text
        assert subscriber.key["key"] not in text and subscriber.hook["secret"] not in text
        assert people.owner.password_hash not in text

    def test_a_curator_gets_their_decisions(self, people: People, subscriber: Subscriber) -> None:
        data = people.ok(people.client.get("/api/v1/me/export", headers=auth(people.curator)))
        assert [e["action"] for e in data["curation_events"]] == ["claim", "approve"]
        assert data["practices"] == [] and data["organisation"] is None

    def test_anonymous_has_nothing_to_export(self, people: People) -> None:
        assert people.client.get("/api/v1/me/export").status_code == 401


class TestDeleteAccount:
    def test_a_wrong_password_changes_nothing(
        self, people: People, subscriber: Subscriber, session: Session
    ) -> None:
        response = delete(people, auth(people.owner), "not-the-password")
        assert response.status_code == 403
        assert "password" in response.json()["detail"]
        assert sign_in_api(people, people.owner).status_code == 200
        me = people.client.get("/api/v1/me", headers={"X-API-Key": subscriber.key["key"]})
        assert me.status_code == 200 and me.json()["email"] == people.owner.email
        assert len(self._hooks(session, people.owner)) == 1

    def test_deleted_means_locked_out_at_once(
        self, people: People, subscriber: Subscriber, session: Session
    ) -> None:
        sign_in(people.client, people.owner)  # a browser session too
        assert people.client.get("/minhas-praticas").status_code == 200
        response = delete(people, {"Authorization": f"Bearer {subscriber.token}"}, PASSWORD)
        assert response.status_code == 204, response.text
        assert sign_in_api(people, people.owner).status_code == 401
        for headers in (
            {"Authorization": f"Bearer {subscriber.token}"},
            {"X-API-Key": subscriber.key["key"]},
        ):
            assert people.client.get("/api/v1/me", headers=headers).status_code == 401
        page = people.client.get("/minhas-praticas", follow_redirects=False)
        assert page.status_code in (303, 401)  # the browser session is gone
        assert self._hooks(session, people.owner) == []
        keys = session.exec(select(ApiKey).where(ApiKey.user_id == people.owner.id)).all()
        assert [k.revoked_at is not None for k in keys] == [True]
        user = session.get(User, people.owner.id)
        assert user is not None
        session.refresh(user)
        assert (user.name, user.is_active) == ("Conta removida", False)
        assert user.deleted_at is not None and "caritas" not in user.email
        session.commit()

    def test_practices_stay_with_the_organisation(
        self, people: People, subscriber: Subscriber
    ) -> None:
        assert delete(people, auth(people.owner), PASSWORD).status_code == 204
        pid = subscriber.practice["id"]
        seen = people.ok(
            people.client.get(f"/api/v1/practices/{pid}", headers=auth(people.colleague))
        )
        assert seen["organisation"]["id"] == people.org.id and seen["status"] == "published"
        assert seen["revision"]["content"]["contact"] == PUBLISHED_PRIVATE
        history = people.ok(
            people.client.get(f"/api/v1/practices/{pid}/history", headers=auth(people.colleague))
        )
        assert {e["actor"] for e in history if e["action"] in ("create", "submit")} == {
            "Conta removida"
        }
        mine = people.ok(
            people.client.get("/api/v1/practices?mine=true", headers=auth(people.colleague))
        )
        assert [p["id"] for p in mine["items"]] == [pid]

    def test_the_last_administrator_cannot_leave(self, people: People, session: Session) -> None:
        other = people.client.post(
            "/api/v1/users",
            json={
                "email": "admin2@partilha.org",
                "name": "Outra Admin",
                "password": PASSWORD,
                "role": "admin",
            },
            headers=auth(people.admin),
        )
        assert other.status_code == 201, other.text
        assert delete(people, auth(people.admin), PASSWORD).status_code == 204
        last = session.exec(select(User).where(User.email == "admin2@partilha.org")).one()
        session.commit()
        response = delete(people, auth(last), PASSWORD)
        assert response.status_code == 409 and "administrator" in response.json()["detail"]
        assert sign_in_api(people, last).status_code == 200

    def test_the_password_is_required(self, people: People) -> None:
        response = people.client.request("DELETE", "/api/v1/me", headers=auth(people.owner))
        assert response.status_code == 422
        assert sign_in_api(people, people.owner).status_code == 200

    @staticmethod
    def _hooks(session: Session, user: User) -> list[WebhookSubscription]:
        hooks = session.exec(
            select(WebhookSubscription).where(WebhookSubscription.owner_id == user.id)
        ).all()
        session.commit()
        return list(hooks)
