"""A stranger guessing a password is throttled at their own address and never locks the
account's owner out of an address the owner signed in from; admins read each throttling in
the accounts' audit."""

from datetime import timedelta

from fastapi import FastAPI
from httpx import Response
from sqlmodel import Session, col, select

from app.accounts.models import SecurityEvent, SecurityEventKind, SignInAddress, User
from app.db import get_engine
from tests.builders import PASSWORD, auth, make_user
from tests.ratelimits.conftest import assert_limited, from_ip

OWNER_HOME = "198.51.100.9"
STRANGER = "203.0.113.5"


def token(app: FastAPI, ip: str, email: str, password: str = PASSWORD) -> Response:
    client = from_ip(app, ip)
    return client.post("/api/v1/auth/token", data={"username": email, "password": password})


def throttling_rows() -> list[SecurityEvent]:
    with Session(get_engine()) as session:
        query = select(SecurityEvent).where(
            SecurityEvent.kind == SecurityEventKind.sign_in_throttled
        )
        return list(session.exec(query.order_by(col(SecurityEvent.id))))


class TestStrangersGuessing:
    def test_the_guessing_address_is_throttled_and_the_owner_is_not(
        self, app: FastAPI, ana: User, session: Session
    ):
        assert token(app, OWNER_HOME, ana.email).status_code == 200  # the owner's own address
        for _ in range(3):
            assert token(app, STRANGER, ana.email, "guess-one-two").status_code == 401
        refused = token(app, STRANGER, ana.email)  # even the right password, from there
        assert_limited(refused, "sign_in_pair")
        assert "from this address" in refused.json()["detail"]
        # Another address the owner never used: the failures from anywhere stop it too.
        assert_limited(token(app, "203.0.113.77", ana.email, "guess-three"), "sign_in_account")
        # The owner, at home, with the right password: in, and a wrong one is only a 401.
        assert token(app, OWNER_HOME, ana.email, "typo-password").status_code == 401
        assert token(app, OWNER_HOME, ana.email).status_code == 200

        rows = throttling_rows()
        assert len(rows) == 1, rows  # once per window, not once per refused attempt
        assert rows[0].user_id == ana.id and rows[0].address == f"ip:{STRANGER}"
        admin = make_user(session, "admin", email="root@partilha.org")
        listed = from_ip(app, OWNER_HOME).get(
            "/api/v1/admin/security-events", params={"user_id": ana.id}, headers=auth(admin)
        )
        assert listed.status_code == 200, listed.text
        item = listed.json()["items"][0]
        assert item["kind"] == "sign_in_throttled" and item["address"] == f"ip:{STRANGER}"
        assert (
            from_ip(app, OWNER_HOME)
            .get("/api/v1/admin/security-events", headers=auth(ana))
            .status_code
            == 403
        )

    def test_an_address_unused_for_months_is_trusted_no_more(self, app: FastAPI, ana: User):
        assert token(app, OWNER_HOME, ana.email).status_code == 200
        with Session(get_engine()) as session:  # 91 days pass (addresses change hands)
            for row in session.exec(select(SignInAddress)):
                row.last_success_at -= timedelta(days=91)
                session.add(row)
            session.commit()
        for n in range(3):
            assert token(app, f"203.0.113.{n}", ana.email, "guess").status_code == 401
        assert_limited(token(app, OWNER_HOME, ana.email), "sign_in_account")

    def test_unknown_emails_answer_the_same_and_leave_no_row(self, app: FastAPI):
        for _ in range(3):
            assert token(app, STRANGER, "ghost@example.org", "x").status_code == 401
        assert_limited(token(app, STRANGER, "ghost@example.org"), "sign_in_pair")
        assert throttling_rows() == []

    def test_the_sign_in_page_throttles_the_same_way(self, app: FastAPI, ana: User):
        from tests.web.helpers import csrf

        assert token(app, OWNER_HOME, ana.email).status_code == 200
        stranger = from_ip(app, STRANGER)
        form = {"email": ana.email, "password": "wrong-guess", "csrf_token": csrf(stranger)}
        for _ in range(3):
            assert stranger.post("/entrar", data=form).status_code == 400
        page = stranger.post("/entrar", data={**form, "password": PASSWORD})
        assert page.status_code == 429 and int(page.headers["Retry-After"]) > 0
        owner = from_ip(app, OWNER_HOME)
        owner_form = {"email": ana.email, "password": PASSWORD, "csrf_token": csrf(owner)}
        assert owner.post("/entrar", data=owner_form, follow_redirects=False).status_code == 303
