"""Passwords and access: changing one's password voids every earlier token and session,
weak passwords are refused everywhere one is set, admins deactivate and demote accounts with
effect on the next request (sessions, tokens, API keys), the account page in four languages."""

from datetime import timedelta

import jwt
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import User
from app.config import get_settings
from app.db import get_engine, utcnow
from tests.builders import PASSWORD, auth, make_org, make_user
from tests.migrating import migrate
from tests.web.helpers import csrf_from, sign_in

NEW = "outra senha bem longa 42"


@pytest.fixture
def admin(session: Session) -> User:
    return make_user(session, "admin", email="root@partilha.org")


def bearer(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    answer = client.post("/api/v1/auth/token", data={"username": email, "password": password})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def key_of(client: TestClient, headers: dict[str, str], scopes: list[str]) -> dict[str, str]:
    made = client.post(
        "/api/v1/api-keys", json={"name": "parceiro", "scopes": scopes}, headers=headers
    )
    assert made.status_code == 201, made.text
    return {"X-API-Key": made.json()["key"]}


class TestChangingMyPassword:
    def test_through_the_api_every_earlier_token_and_session_ends(
        self, client: TestClient, ana: User
    ):
        old = bearer(client, ana.email)
        web = TestClient(client.app)
        sign_in(web, ana)
        change = {"current_password": PASSWORD, "new_password": NEW}
        answer = client.post("/api/v1/me/password", json=change, headers=old)
        assert answer.status_code == 200, answer.text
        fresh = {"Authorization": f"Bearer {answer.json()['access_token']}"}
        assert client.get("/api/v1/me", headers=old).status_code == 401
        assert client.get("/api/v1/me", headers=fresh).status_code == 200
        assert web.get("/minhas-praticas", follow_redirects=False).status_code == 303
        assert (
            client.post(
                "/api/v1/auth/token", data={"username": ana.email, "password": PASSWORD}
            ).status_code
            == 401
        )
        bearer(client, ana.email, NEW)

    @pytest.mark.parametrize(
        "weak", ["Flamengo2024!", "1234567890", "aaaaaaaaaaaa", "senha123456", "ana@caritas.org"]
    )
    def test_weak_passwords_are_refused_naming_the_field(
        self, client: TestClient, ana: User, weak: str
    ):
        headers = bearer(client, ana.email)
        change = {"current_password": PASSWORD, "new_password": weak}
        answer = client.post("/api/v1/me/password", json=change, headers=headers)
        assert answer.status_code == 422, answer.text
        assert answer.json()["errors"][0]["loc"] == ["body", "new_password"]
        assert client.get("/api/v1/me", headers=headers).status_code == 200  # nothing changed

    def test_a_wrong_current_password_changes_nothing(self, client: TestClient, ana: User):
        headers = bearer(client, ana.email)
        change = {"current_password": "not-my-password", "new_password": NEW}
        assert client.post("/api/v1/me/password", json=change, headers=headers).status_code == 403
        assert client.get("/api/v1/me", headers=headers).status_code == 200

    def test_an_api_key_cannot_change_the_password(self, client: TestClient, ana: User):
        key = key_of(client, bearer(client, ana.email), ["read", "submit"])
        change = {"current_password": PASSWORD, "new_password": NEW}
        assert client.post("/api/v1/me/password", json=change, headers=key).status_code == 403

    @pytest.mark.parametrize(
        ("lang", "weak_text", "done_text"),
        [
            ("pt-BR", "Esta senha está entre as mais comuns", "Senha alterada."),
            ("es", "Esta contraseña está entre las más comunes", "Contraseña cambiada."),
            ("en", "This password is among the most common ones", "Password changed."),
            ("fr", "Ce mot de passe fait partie des plus courants", "Mot de passe changé."),
        ],
    )
    def test_on_the_account_page_in_four_languages(
        self, client: TestClient, ana: User, lang: str, weak_text: str, done_text: str
    ):
        client.cookies.set("partilha_lang", lang)
        sign_in(client, ana)
        other = TestClient(client.app)
        sign_in(other, ana)
        page = client.get("/conta")
        form = {"csrf_token": csrf_from(page), "current_password": PASSWORD}
        refused = client.post("/conta/senha", data={**form, "new_password": "Partilha2026"})
        assert refused.status_code == 422
        assert weak_text in refused.text and 'aria-invalid="true"' in refused.text
        done = client.post("/conta/senha", data={**form, "new_password": NEW})
        assert done.status_code == 200 and done_text in done.text
        assert client.get("/minhas-praticas", follow_redirects=False).status_code == 200
        assert other.get("/minhas-praticas", follow_redirects=False).status_code == 303

    def test_choosing_the_language_on_the_account_page(self, client: TestClient, ana: User):
        sign_in(client, ana)
        page = client.get("/conta")
        saved = client.post("/conta/idioma", data={"csrf_token": csrf_from(page), "language": "fr"})
        assert saved.status_code == 200 and "Langue enregistrée." in saved.text
        assert client.get("/api/v1/me", headers=auth(ana)).json()["language"] == "fr"
        elsewhere = TestClient(client.app)  # a new browser: the account's language follows
        sign_in(elsewhere, ana)
        assert "Mon compte" in elsewhere.get("/conta").text


class TestAdminsManageAccounts:
    def test_deactivating_stops_tokens_and_keys_at_once(
        self, client: TestClient, ana: User, admin: User
    ):
        headers = bearer(client, ana.email)
        key = key_of(client, headers, ["read", "submit"])
        off = client.patch(
            f"/api/v1/users/{ana.id}", json={"is_active": False}, headers=auth(admin)
        )
        assert off.status_code == 200 and off.json()["is_active"] is False
        for credential in (headers, key):
            assert client.get("/api/v1/me", headers=credential).status_code == 401
        on = client.patch(f"/api/v1/users/{ana.id}", json={"is_active": True}, headers=auth(admin))
        assert on.json()["is_active"] is True
        assert client.get("/api/v1/me", headers=key).status_code == 200  # keys are not revoked
        assert client.get("/api/v1/me", headers=headers).status_code == 401  # tokens stay void
        kinds = [
            e["kind"]
            for e in client.get(
                "/api/v1/admin/security-events", params={"user_id": ana.id}, headers=auth(admin)
            ).json()["items"]
        ]
        assert kinds == ["reactivated", "deactivated"]

    def test_demoting_narrows_sessions_tokens_and_keys_at_once(
        self, client: TestClient, session: Session, admin: User
    ):
        org = make_org(session)
        rui = make_user(session, "curator", org, email="rui@partilha.org")
        headers = bearer(client, rui.email)
        key = key_of(client, headers, ["read", "submit", "curate"])
        web = TestClient(client.app)
        sign_in(web, rui)
        assert web.get("/curadoria").status_code == 200
        down = client.patch(
            f"/api/v1/users/{rui.id}", json={"role": "contributor"}, headers=auth(admin)
        )
        assert down.status_code == 200 and down.json()["role"] == "contributor"
        assert web.get("/curadoria").status_code == 403
        for credential in (headers, key):
            assert client.get("/api/v1/curation/queue", headers=credential).status_code == 403

    def test_the_last_admin_stays_and_only_admins_manage(
        self, client: TestClient, ana: User, admin: User
    ):
        for change in ({"is_active": False}, {"role": "curator"}):
            answer = client.patch(f"/api/v1/users/{admin.id}", json=change, headers=auth(admin))
            assert answer.status_code == 409, answer.text
        answer = client.patch(
            f"/api/v1/users/{ana.id}", json={"role": "gov_editor"}, headers=auth(admin)
        )
        assert answer.status_code == 422 and answer.json()["errors"][0]["loc"] == ["body", "role"]
        assert (
            client.patch(
                f"/api/v1/users/{admin.id}", json={"is_active": False}, headers=auth(ana)
            ).status_code
            == 403
        )
        listed = client.get("/api/v1/users", headers=auth(admin)).json()
        assert {u["email"] for u in listed} == {ana.email, admin.email}

    def test_accounts_are_created_only_with_strong_passwords(self, client: TestClient, admin: User):
        body = {
            "email": "gov@rr.gov.br",
            "name": "Gov",
            "role": "curator",
            "password": "qwertyuiop",
        }
        answer = client.post("/api/v1/users", json=body, headers=auth(admin))
        assert answer.status_code == 422
        assert answer.json()["errors"][0]["loc"] == ["body", "password"]
        body["password"] = NEW
        assert client.post("/api/v1/users", json=body, headers=auth(admin)).status_code == 201


class TestUpgrade:
    def test_existing_accounts_and_their_tokens_carry_over(
        self, client: TestClient, db_url: str, ana: User
    ):
        migrate(db_url, "0013")
        # A token issued before epochs existed carries none: it is read as epoch 0.
        old = {"Authorization": f"Bearer {_token_without_epoch(ana)}"}
        migrate(db_url, "head")
        with get_engine().connect() as conn:
            row = conn.execute(
                sa.text("SELECT credential_epoch, language FROM user_account WHERE id = :id"),
                {"id": ana.id},
            ).one()
        assert tuple(row) == (0, None)
        assert client.get("/api/v1/me", headers=old).status_code == 200


def _token_without_epoch(user: User) -> str:
    payload = {"sub": str(user.id), "exp": utcnow() + timedelta(days=1)}
    return jwt.encode(payload, get_settings().secret_key, algorithm="HS256")
