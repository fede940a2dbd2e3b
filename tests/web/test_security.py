"""Sessions, CSRF, the sign-in rate limit and redirects: the protections users rely on."""

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.builders import PASSWORD
from tests.web.conftest import People
from tests.web.helpers import csrf, csrf_from, sign_in


class TestSessionCookie:
    def test_sign_in_sets_an_httponly_samesite_lax_cookie(self, client: TestClient, people: People):
        response = sign_in(client, people.contributor)
        cookie = response.headers["set-cookie"].lower()
        assert cookie.startswith("partilha_session=")
        assert "httponly" in cookie
        assert "samesite=lax" in cookie
        assert "secure" not in cookie  # http://127.0.0.1 in tests

    def test_cookie_is_secure_when_the_site_is_served_over_https(
        self, env: None, people: People, monkeypatch: pytest.MonkeyPatch
    ):
        from app.config import get_settings

        monkeypatch.setenv("PARTILHA_PUBLIC_BASE_URL", "https://partilha.example.org")
        get_settings.cache_clear()
        with TestClient(create_app(), base_url="https://testserver") as https_client:
            cookie = sign_in(https_client, people.contributor).headers["set-cookie"].lower()
        assert "; secure" in cookie

    def test_wrong_password_keeps_the_visitor_out(self, client: TestClient, people: People):
        token = csrf(client)
        response = client.post(
            "/entrar",
            data={"email": people.contributor.email, "password": "wrong-pass", "csrf_token": token},
        )
        assert response.status_code == 400
        assert "E-mail ou senha incorretos" in response.text
        assert client.get("/minhas-praticas", follow_redirects=False).status_code == 303

    def test_signing_out_ends_the_session(self, client: TestClient, people: People):
        sign_in(client, people.contributor)
        page = client.get("/minhas-praticas")
        assert page.status_code == 200
        client.post("/sair", data={"csrf_token": csrf_from(page)})
        assert client.get("/minhas-praticas", follow_redirects=False).status_code == 303

    def test_pages_need_a_signed_in_user_and_redirect_to_sign_in(self, client: TestClient):
        response = client.get("/curadoria?uf=RR", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/entrar?next=%2Fcuradoria%3Fuf%3DRR"

    def test_a_contributor_cannot_open_the_curation_queue(self, client: TestClient, people: People):
        sign_in(client, people.contributor)
        response = client.get("/curadoria")
        assert response.status_code == 403
        assert "text/html" in response.headers["content-type"]

    def test_the_api_ignores_the_browser_session(self, client: TestClient, people: People):
        """Cookies never authenticate API calls: they carry no CSRF token."""
        sign_in(client, people.contributor)
        assert client.get("/api/v1/me").status_code == 401


class TestCsrf:
    def test_a_post_without_the_token_is_refused(self, client: TestClient, people: People):
        sign_in(client, people.contributor)
        response = client.post("/praticas/nova", data={"template": "geral", "title": "x"})
        assert response.status_code == 403
        assert "formulário expirou" in response.text

    def test_a_post_with_another_sessions_token_is_refused(
        self, client: TestClient, people: People
    ):
        stolen = csrf(client)  # a token from an anonymous session
        client.cookies.clear()
        sign_in(client, people.contributor)
        response = client.post("/sair", data={"csrf_token": stolen})
        assert response.status_code == 403
        assert client.get("/minhas-praticas").status_code == 200  # still signed in

    def test_signing_in_needs_the_token_too(self, client: TestClient, people: People):
        response = client.post(
            "/entrar", data={"email": people.contributor.email, "password": PASSWORD}
        )
        assert response.status_code == 403

    def test_signing_in_rotates_the_token(self, client: TestClient, people: People):
        before = csrf(client)
        sign_in(client, people.contributor)
        assert csrf(client, "/minhas-praticas") != before


class TestRedirects:
    def test_after_sign_in_the_user_returns_to_the_page_they_wanted(
        self, client: TestClient, people: People
    ):
        response = sign_in(client, people.curator, next_path="/curadoria?uf=RR")
        assert response.headers["location"] == "/curadoria?uf=RR"

    @pytest.mark.parametrize(
        "target", ["https://evil.example", "//evil.example", "/\\evil.example"]
    )
    def test_never_to_another_site(self, client: TestClient, people: People, target: str):
        response = sign_in(client, people.contributor, next_path=target)
        assert response.headers["location"] == "/minhas-praticas"
        switched = client.get(f"/idioma/es?next={target}", follow_redirects=False)
        assert switched.headers["location"] == "/"


class TestErrorPages:
    def test_unknown_pages_answer_an_html_404(self, client: TestClient):
        response = client.get("/nao-existe")
        assert response.status_code == 404
        assert "Página não encontrada" in response.text

    def test_the_api_still_answers_problem_json(self, client: TestClient):
        response = client.get("/api/v1/practices/999999")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"

    def test_pages_carry_a_strict_content_security_policy(self, client: TestClient):
        policy = client.get("/").headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
