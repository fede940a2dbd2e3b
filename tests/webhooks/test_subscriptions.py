"""Registering webhooks: scoped to their owner, secret shown once, only safe destinations."""

import pytest

from app.accounts.models import User
from tests.builders import auth
from tests.webhooks.conftest import Partners

PUBLIC = "https://8.8.8.8/partilha"  # a global address literal: no DNS needed in tests


class TestSubscribe:
    def test_the_secret_is_shown_once(self, partners: Partners) -> None:
        created = partners.subscribe(partners.partner, PUBLIC, ["practice.published"])
        assert created.status_code == 201, created.text
        body = created.json()
        assert body["secret"].startswith("whsec_") and len(body["secret"]) > 40
        assert created.headers["Location"] == f"/api/v1/webhooks/{body['id']}"
        shown = partners.client.get(
            f"/api/v1/webhooks/{body['id']}", headers=auth(partners.partner)
        )
        assert shown.status_code == 200 and "secret" not in shown.json()
        assert shown.json()["events"] == ["practice.published"]

    @pytest.mark.parametrize(
        "url",
        [
            "ftp://8.8.8.8/x",
            "http://127.0.0.1:8000/hook",
            "http://localhost/hook",
            "http://10.1.2.3/hook",
            "http://192.168.0.10/hook",
            "http://169.254.169.254/latest",
            "http://[::1]/hook",
            "http://[::ffff:127.0.0.1]/hook",
            "http://[fe80::1]/hook",
            "http://user:secret@8.8.8.8/hook",
            "http://0.0.0.0/hook",
            "http://224.0.0.1/hook",
        ],
    )
    def test_unsafe_destinations_are_refused(self, partners: Partners, url: str) -> None:
        response = partners.subscribe(partners.partner, url, ["practice.published"])
        assert response.status_code == 422, url
        assert response.json()["errors"][0]["loc"] == ["body", "url"]

    def test_only_admins_allow_private_addresses(self, partners: Partners) -> None:
        url = "http://127.0.0.1:9/hook"
        refused = partners.subscribe(
            partners.partner, url, ["practice.published"], allow_private=True
        )
        assert refused.status_code == 403
        allowed = partners.subscribe(
            partners.admin, url, ["practice.published"], allow_private=True
        )
        assert allowed.status_code == 201 and allowed.json()["allow_private"] is True

    def test_unknown_events_are_refused(self, partners: Partners) -> None:
        response = partners.subscribe(partners.partner, PUBLIC, ["practice.deleted"])
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"][:2] == ["body", "events"]

    def test_anonymous_users_cannot_subscribe(self, partners: Partners) -> None:
        response = partners.client.post(
            "/api/v1/webhooks", json={"url": PUBLIC, "events": ["policy.published"]}
        )
        assert response.status_code == 401


class TestWhoSeesWhat:
    def test_partners_see_their_own_and_admins_see_all(self, partners: Partners) -> None:
        mine = partners.subscribe(partners.partner, PUBLIC, ["practice.published"]).json()
        theirs = partners.subscribe(partners.other, PUBLIC, ["capacity.reported"]).json()

        def listed(user: User) -> list[int]:
            response = partners.client.get("/api/v1/webhooks", headers=auth(user))
            return [w["id"] for w in response.json()]

        assert listed(partners.partner) == [mine["id"]]
        assert listed(partners.other) == [theirs["id"]]
        assert listed(partners.admin) == [mine["id"], theirs["id"]]
        for path in (
            f"/api/v1/webhooks/{theirs['id']}",
            f"/api/v1/webhooks/{theirs['id']}/deliveries",
        ):
            assert partners.client.get(path, headers=auth(partners.partner)).status_code == 404
        assert (
            partners.client.delete(
                f"/api/v1/webhooks/{theirs['id']}", headers=auth(partners.partner)
            ).status_code
            == 404
        )

    def test_unsubscribing(self, partners: Partners) -> None:
        hook = partners.subscribe(partners.partner, PUBLIC, ["policy.published"]).json()
        path = f"/api/v1/webhooks/{hook['id']}"
        assert partners.client.delete(path, headers=auth(partners.partner)).status_code == 204
        assert partners.client.get(path, headers=auth(partners.partner)).status_code == 404
