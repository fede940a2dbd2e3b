"""Sign-in, tokens, API keys, the CLI that creates accounts, and prod settings."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session
from typer.testing import CliRunner

from app.accounts.security import create_token
from app.cli import cli
from app.config import Settings, get_settings
from tests.builders import PASSWORD, auth, make_org, make_user


class TestSignIn:
    def test_password_form_gives_a_bearer_token_that_expires(
        self, client: TestClient, session: Session
    ) -> None:
        user = make_user(session, "curator", email="ana@teste.org")
        response = client.post(
            "/api/v1/auth/token", data={"username": "ANA@teste.org", "password": PASSWORD}
        )
        assert response.status_code == 200
        token = response.json()
        assert token["token_type"] == "bearer" and token["expires_in"] > 0
        me = client.get(
            "/api/v1/me", headers={"Authorization": f"Bearer {token['access_token']}"}
        ).json()
        assert me["email"] == "ana@teste.org" and me["role"] == "curator"
        expired = create_token(user.id or 0, get_settings().secret_key, ttl_minutes=-1)
        assert (
            client.get("/api/v1/me", headers={"Authorization": f"Bearer {expired}"}).status_code
            == 401
        )

    @pytest.mark.parametrize(
        ("email", "password"), [("ana@teste.org", "errada-123456"), ("ninguem@teste.org", PASSWORD)]
    )
    def test_wrong_credentials_are_401_without_saying_which(
        self, client: TestClient, session: Session, email: str, password: str
    ) -> None:
        make_user(session, "curator", email="ana@teste.org")
        response = client.post("/api/v1/auth/token", data={"username": email, "password": password})
        assert response.status_code == 401
        assert response.json()["detail"] == "e-mail ou senha incorretos"

    def test_me_requires_authentication(self, client: TestClient) -> None:
        assert client.get("/api/v1/me").status_code == 401
        assert client.get("/api/v1/me", headers={"Authorization": "Bearer lixo"}).status_code == 401


class TestApiKeys:
    def test_key_is_shown_once_works_and_can_be_revoked(
        self, client: TestClient, session: Session
    ) -> None:
        partner = make_user(
            session, "contributor", make_org(session, "OIM Brasil", "organizacao-internacional")
        )
        created = client.post(
            "/api/v1/api-keys", json={"name": "integração OKA"}, headers=auth(partner)
        )
        assert created.status_code == 201
        key = created.json()["key"]
        assert "key" not in client.get("/api/v1/api-keys", headers=auth(partner)).json()[0]
        assert client.get("/api/v1/me", headers={"X-API-Key": key}).json()["email"] == partner.email
        assert (
            client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code == 200
        )
        revoked = client.delete(f"/api/v1/api-keys/{created.json()['id']}", headers=auth(partner))
        assert revoked.json()["revoked_at"] is not None
        assert client.get("/api/v1/me", headers={"X-API-Key": key}).status_code == 401

    def test_a_tampered_key_is_refused(self, client: TestClient, session: Session) -> None:
        partner = make_user(session, "curator")
        key = client.post("/api/v1/api-keys", json={"name": "k"}, headers=auth(partner)).json()[
            "key"
        ]
        assert client.get("/api/v1/me", headers={"X-API-Key": key[:-2] + "xx"}).status_code == 401

    def test_others_keys_cannot_be_revoked(self, client: TestClient, session: Session) -> None:
        a = make_user(session, "curator", email="a@teste.org")
        b = make_user(session, "curator", email="b@teste.org")
        key_id = client.post("/api/v1/api-keys", json={"name": "k"}, headers=auth(a)).json()["id"]
        assert client.delete(f"/api/v1/api-keys/{key_id}", headers=auth(b)).status_code == 404


class TestListWindows:
    def test_organisations_come_in_capped_windows_by_name(
        self, client: TestClient, session: Session
    ) -> None:
        for name in ("Cáritas C", "Abraço A", "Bem-vindo B"):
            make_org(session, name)
        first = client.get("/api/v1/organisations", params={"limit": 2}).json()
        rest = client.get("/api/v1/organisations", params={"limit": 2, "offset": 2}).json()
        assert [o["name"] for o in first + rest] == ["Abraço A", "Bem-vindo B", "Cáritas C"]
        too_many = client.get("/api/v1/organisations", params={"limit": 501})
        assert too_many.status_code == 422
        assert too_many.json()["errors"][0]["loc"] == ["query", "limit"]

    def test_api_keys_come_in_capped_windows(self, client: TestClient, session: Session) -> None:
        partner = make_user(session, "curator")
        for n in range(3):
            client.post("/api/v1/api-keys", json={"name": f"k{n}"}, headers=auth(partner))
        page = client.get("/api/v1/api-keys", params={"offset": 1}, headers=auth(partner))
        assert [k["name"] for k in page.json()] == ["k1", "k2"]
        refused = client.get("/api/v1/api-keys", params={"limit": 0}, headers=auth(partner))
        assert refused.status_code == 422


class TestAdminApi:
    def test_only_admins_create_organisations_and_users(
        self, client: TestClient, session: Session
    ) -> None:
        admin, curator = make_user(session, "admin"), make_user(session, "curator")
        org = {"name": "Pastoral do Migrante", "type": "osc", "uf": "SP"}
        assert (
            client.post("/api/v1/organisations", json=org, headers=auth(curator)).status_code == 403
        )
        assert (
            client.post("/api/v1/organisations", json=org, headers=auth(admin)).status_code == 201
        )
        assert (
            client.post("/api/v1/organisations", json=org, headers=auth(admin)).status_code == 409
        )
        bad = {**org, "name": "Outra", "type": "clube"}
        problem = client.post("/api/v1/organisations", json=bad, headers=auth(admin)).json()
        assert problem["errors"][0]["loc"] == ["body", "type"]
        user = {
            "email": "gov@rr.gov.br",
            "name": "Gov",
            "password": "uma senha longa o bastante",
            "role": "gov_editor",
            "scope": "9999999",
        }
        response = client.post("/api/v1/users", json=user, headers=auth(admin))
        assert response.status_code == 422 and response.json()["errors"][0]["loc"] == [
            "body",
            "scope",
        ]
        user["scope"] = "1400100"
        assert (
            client.post("/api/v1/users", json=user, headers=auth(admin)).json()["scope_ibge"]
            == 1400100
        )


class TestCli:
    def test_users_create_with_password_from_stdin_or_generated(self, env: None) -> None:
        runner = CliRunner()
        result = runner.invoke(
            cli, ["orgs", "create", "--name", "Cáritas SP", "--type", "osc", "--uf", "SP"]
        )
        assert result.exit_code == 0, result.output
        result = runner.invoke(
            cli,
            [
                "users",
                "create",
                "--email",
                "c@sp.org",
                "--role",
                "contributor",
                "--org",
                "Cáritas SP",
            ],
            input="uma-senha-longa\n",
        )
        assert result.exit_code == 0, result.output
        assert "senha" not in result.output
        result = runner.invoke(
            cli,
            ["users", "create", "--email", "g@rr.gov.br", "--role", "gov_editor", "--scope", "RR"],
            input="",
        )
        assert result.exit_code == 0, result.output
        assert "senha (mostrada só agora)" in result.output
        result = runner.invoke(
            cli, ["users", "create", "--email", "x@sp.org", "--role", "contributor"], input=""
        )
        assert result.exit_code == 1
        assert "organisation" in result.output


class TestProdSettings:
    def test_prod_refuses_default_secret_and_keyless_meilisearch(self) -> None:
        with pytest.raises(ValueError, match=r"PARTILHA_SECRET_KEY.*PARTILHA_MEILI_KEY"):
            Settings(env="prod")
        Settings(env="prod", secret_key="s" * 40, meili_key="k" * 16)
