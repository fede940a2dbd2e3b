"""Sign-in limits: attempts per client address and failed attempts per e-mail, one budget for
the API (/api/v1/auth/token) and the page (/entrar), kept in the database."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session

from app.accounts.models import User
from tests.builders import PASSWORD, make_user
from tests.ratelimits.conftest import assert_limited, buckets, from_ip, make_app
from tests.web.helpers import csrf


@pytest.fixture
def rui(session: Session) -> User:
    return make_user(session, "curator", email="rui@partilha.org")


def token(client: TestClient, email: str, password: str = PASSWORD) -> Response:
    return client.post("/api/v1/auth/token", data={"username": email, "password": password})


class TestPerAddress:
    def test_the_attempt_after_the_limit_is_refused(self, app: FastAPI, ana: User):
        client = from_ip(app, "203.0.113.5")
        for n in range(6):  # other e-mails each time: only the address's budget is used
            assert token(client, f"nobody{n}@example.org").status_code == 401
        refused = token(client, ana.email)  # the right password does not help
        assert_limited(refused, "sign_in_ip")
        assert "sign-in attempts from this address" in refused.json()["detail"]

    def test_another_address_still_signs_in(self, app: FastAPI, ana: User):
        for n in range(7):
            token(from_ip(app, "203.0.113.5"), f"nobody{n}@example.org")
        assert token(from_ip(app, "198.51.100.9"), ana.email).status_code == 200

    def test_the_page_and_the_api_share_the_budget(self, app: FastAPI, ana: User):
        browser = from_ip(app, "203.0.113.5")
        form = {"email": "x@example.org", "password": "wrong", "csrf_token": csrf(browser)}
        for _ in range(3):
            assert browser.post("/entrar", data=form).status_code == 400
        for n in range(3):
            assert token(browser, f"nobody{n}@example.org").status_code == 401
        assert_limited(token(browser, ana.email), "sign_in_ip")

    def test_the_budget_is_shared_by_two_app_processes(self, limits: None, ana: User):
        first, second = make_app(), make_app()  # the same database, separate memories
        for n in range(3):
            assert token(from_ip(first, "203.0.113.5"), f"a{n}@example.org").status_code == 401
            assert token(from_ip(second, "203.0.113.5"), f"b{n}@example.org").status_code == 401
        assert_limited(token(from_ip(first, "203.0.113.5"), ana.email), "sign_in_ip")


class TestFailuresPerAccount:
    def test_failures_from_many_addresses_lock_the_account(self, app: FastAPI, ana: User):
        for n in range(3):
            assert token(from_ip(app, f"203.0.113.{n}"), ana.email, "wrong").status_code == 401
        refused = token(from_ip(app, "198.51.100.9"), ana.email)  # right password, new address
        assert_limited(refused, "sign_in_account")
        assert "failed sign-ins for this e-mail" in refused.json()["detail"]

    def test_the_email_is_matched_whatever_its_case(self, app: FastAPI, ana: User):
        for email in ("ANA@caritas.org", " ana@Caritas.org", "ana@caritas.org"):
            token(from_ip(app, "203.0.113.5"), email, "wrong")
        assert_limited(token(from_ip(app, "198.51.100.9"), ana.email), "sign_in_account")

    def test_another_accounts_failures_do_not_block_a_sign_in(
        self, app: FastAPI, ana: User, rui: User
    ):
        client = from_ip(app, "203.0.113.5")
        for _ in range(4):
            token(client, ana.email, "wrong")
        assert token(client, rui.email).status_code == 200

    def test_a_successful_sign_in_clears_the_failures(self, app: FastAPI, ana: User):
        client = from_ip(app, "203.0.113.5")
        for _ in range(2):
            token(client, ana.email, "wrong")
        assert token(client, ana.email).status_code == 200
        for _ in range(2):
            assert token(client, ana.email, "wrong").status_code == 401
        assert token(client, ana.email).status_code == 200

    def test_unknown_emails_are_limited_the_same_way(self, app: FastAPI):
        """No difference between accounts that exist and those that do not."""
        for n in range(3):
            token(from_ip(app, f"203.0.113.{n}"), "ghost@example.org", "x")
        assert_limited(token(from_ip(app, "198.51.100.9"), "ghost@example.org"), "sign_in_account")

    def test_the_email_is_not_stored_in_clear(self, app: FastAPI, ana: User):
        token(from_ip(app, "203.0.113.5"), ana.email, "wrong")
        keys = [b.key for b in buckets()]
        assert any(k.startswith("sign_in_account:email:") for k in keys)
        assert not any("ana" in k or "caritas" in k for k in keys)


class TestOtherPasswordChecks:
    def test_guessing_the_password_to_delete_an_account_spends_the_same_budget(
        self, app: FastAPI, ana: User
    ):
        # A stolen bearer token must not become a password oracle through DELETE /me.
        client = from_ip(app, "203.0.113.5")
        bearer = {"Authorization": f"Bearer {token(client, ana.email).json()['access_token']}"}
        for _ in range(3):
            answer = client.request(
                "DELETE", "/api/v1/me", headers=bearer, json={"password": "wrong-guess-1"}
            )
            assert answer.status_code == 403
        refused = client.request(
            "DELETE", "/api/v1/me", headers=bearer, json={"password": PASSWORD}
        )
        assert_limited(refused, "sign_in_pair")  # this address guessed this account
        assert token(from_ip(app, "198.51.100.9"), ana.email).status_code == 429  # still there
