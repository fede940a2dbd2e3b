"""Browser sessions live in the database: the cookie is an opaque random id (stored hashed),
it rotates at sign-in, ends at sign-out, after the idle and absolute timeouts, when the
password changes and when the person signs out everywhere; CSRF keeps working throughout."""

import hashlib
import re
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.accounts.models import User, WebSession
from app.config import get_settings
from app.db import get_engine, utcnow
from app.main import create_app
from tests.builders import PASSWORD, auth, make_user
from tests.web.helpers import csrf, csrf_from, sign_in

MINE = "/minhas-praticas"


@pytest.fixture
def app(env: None) -> FastAPI:
    return create_app()


def browser(app: FastAPI) -> TestClient:
    return TestClient(app)


def signed_in(client: TestClient) -> bool:
    return client.get(MINE, follow_redirects=False).status_code == 200


def rows() -> list[WebSession]:
    with Session(get_engine()) as session:
        return list(session.exec(select(WebSession)))


def age(**delta: timedelta) -> None:
    """Move every stored session back in time (no sleeping)."""
    with Session(get_engine()) as session:
        for row in session.exec(select(WebSession)):
            row.created_at -= delta.get("created", timedelta())
            row.last_seen_at -= delta.get("seen", timedelta())
            session.add(row)
        session.commit()


class TestTheCookie:
    def test_is_an_opaque_id_stored_only_as_its_hash(self, app: FastAPI, ana: User):
        client = browser(app)
        header = sign_in(client, ana).headers["set-cookie"]
        raw = client.cookies["partilha_session"]
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", raw)  # 256 random bits, nothing readable
        assert "httponly" in header.lower() and "samesite=lax" in header.lower()
        [row] = rows()
        assert row.user_id == ana.id
        assert row.token_hash == hashlib.sha256(raw.encode()).hexdigest() != raw

    def test_the_data_export_lists_sessions_never_their_ids(self, app: FastAPI, ana: User):
        client = browser(app)
        sign_in(client, ana)
        export = client.get("/conta/meus-dados.json")
        [listed] = export.json()["browser_sessions"]
        assert listed["user_id"] == ana.id and "token_hash" not in listed
        raw = client.cookies["partilha_session"]
        assert raw not in export.text
        assert hashlib.sha256(raw.encode()).hexdigest() not in export.text

    def test_is_secure_in_prod_even_behind_a_plain_http_address(
        self, env: None, ana: User, monkeypatch: pytest.MonkeyPatch
    ):
        monkeypatch.setenv("PARTILHA_ENV", "prod")
        monkeypatch.setenv("PARTILHA_SECRET_KEY", "s" * 40)
        get_settings.cache_clear()
        with TestClient(create_app(), base_url="https://testserver") as client:
            assert "; secure" in sign_in(client, ana).headers["set-cookie"].lower()

    def test_rotates_at_sign_in_so_a_planted_id_opens_nothing(self, app: FastAPI, ana: User):
        victim = browser(app)
        csrf(victim)  # an anonymous id, which an attacker could have planted
        planted = victim.cookies["partilha_session"]
        sign_in(victim, ana)
        assert victim.cookies["partilha_session"] != planted
        attacker = browser(app)
        attacker.cookies.set("partilha_session", planted)
        assert not signed_in(attacker)
        assert signed_in(victim)


class TestEnding:
    def test_sign_out_ends_the_session_for_every_copy_of_the_cookie(self, app: FastAPI, ana: User):
        client = browser(app)
        sign_in(client, ana)
        copied = browser(app)
        copied.cookies.set("partilha_session", client.cookies["partilha_session"])
        assert signed_in(copied)
        page = client.get(MINE)
        assert client.post("/sair", data={"csrf_token": csrf_from(page)}).status_code == 200
        assert not signed_in(copied)  # the signed cookie of before stayed valid for 8 hours
        assert rows() == []

    def test_idle_and_absolute_timeouts(self, app: FastAPI, ana: User):
        idle = timedelta(minutes=get_settings().session_idle_minutes)
        client = browser(app)
        sign_in(client, ana)
        age(seen=idle - timedelta(minutes=2))
        assert signed_in(client)  # used again in time: the idle clock starts over
        [row] = rows()
        assert utcnow() - row.last_seen_at < timedelta(minutes=1)
        age(seen=idle + timedelta(minutes=1))
        assert not signed_in(client)

        sign_in(client, ana)
        absolute = timedelta(hours=get_settings().session_absolute_hours)
        age(created=absolute + timedelta(minutes=1))
        assert not signed_in(client)  # however active it was

    def test_signing_out_everywhere_ends_every_browser_and_token(self, app: FastAPI, ana: User):
        phone, laptop = browser(app), browser(app)
        sign_in(phone, ana)
        sign_in(laptop, ana)
        token = TestClient(app).post(
            "/api/v1/auth/token", data={"username": ana.email, "password": PASSWORD}
        )
        bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
        assert laptop.get("/api/v1/me", headers=bearer).status_code == 200
        page = laptop.get("/conta")
        assert "2 dispositivos" in page.text
        done = laptop.post("/conta/sair-de-todos", data={"csrf_token": csrf_from(page)})
        assert done.url.path == "/entrar"
        assert "Você saiu em todos os dispositivos." in done.text
        assert not signed_in(phone) and not signed_in(laptop)
        assert laptop.get("/api/v1/me", headers=bearer).status_code == 401
        assert rows() == []

    def test_a_deactivated_persons_session_ends_at_once(
        self, app: FastAPI, ana: User, session: Session
    ):
        client = browser(app)
        sign_in(client, ana)
        admin = make_user(session, "admin", email="root@partilha.org")
        answer = client.patch(
            f"/api/v1/users/{ana.id}", json={"is_active": False}, headers=auth(admin)
        )
        assert answer.status_code == 200 and answer.json()["is_active"] is False
        assert not signed_in(client)
        assert rows() == []
