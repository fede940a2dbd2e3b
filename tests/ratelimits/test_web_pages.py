"""Pages answer a used-up limit with the error page: the reason and the wait, in the
visitor's language, and the Retry-After header."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.builders import PASSWORD, make_org, make_user
from tests.ratelimits.conftest import from_ip
from tests.web.helpers import csrf


def lock_out(client: TestClient, email: str) -> dict[str, str]:
    form = {"email": email, "password": "wrong", "csrf_token": csrf(client)}
    for _ in range(3):
        assert client.post("/entrar", data=form).status_code == 400
    return {**form, "password": PASSWORD}


class TestSignInPage:
    def test_a_locked_account_gets_the_message(self, app: FastAPI, session: Session):
        user = make_user(session, "contributor", make_org(session), email="ana@caritas.org")
        browser = from_ip(app, "203.0.113.5")
        form = lock_out(browser, user.email)
        page = browser.post("/entrar", data=form, follow_redirects=False)
        assert page.status_code == 429
        assert page.headers["content-type"].startswith("text/html")
        minutes = -(-int(page.headers["Retry-After"]) // 60)
        assert "Tentativas demais" in page.text
        assert "Aguarde alguns minutos" in page.text
        unit = "minuto" if minutes == 1 else "minutos"
        assert f"Você poderá tentar de novo em {minutes} {unit}." in page.text
        assert "partilha_session" not in page.headers.get("set-cookie", "")  # not signed in

    @pytest.mark.parametrize(
        ("lang", "title", "wait"),
        [
            ("en", "Too many attempts", "You can try again in"),
            ("es", "Demasiados intentos", "Podrá intentarlo de nuevo en"),
            ("fr", "Trop de tentatives", "Vous pourrez réessayer dans"),
        ],
    )
    def test_in_the_visitors_language(
        self, app: FastAPI, session: Session, lang: str, title: str, wait: str
    ):
        browser = from_ip(app, "203.0.113.5")
        browser.cookies.set("partilha_lang", lang)
        form = lock_out(browser, "ghost@example.org")
        page = browser.post("/entrar", data=form)
        assert page.status_code == 429
        assert title in page.text and wait in page.text
