"""The web side: the account page (download my data, delete my account) and the consent
date on the edit and review pages."""

import json

import pytest

from app.web.i18n import LANG_COOKIE
from tests.builders import PASSWORD, auth
from tests.privacy.conftest import CONSENTED, People
from tests.web.helpers import csrf_from, sign_in


def delete_form(people: People, password: str):  # type: ignore[no-untyped-def]
    token = csrf_from(people.client.get("/conta"))
    return people.client.post(
        "/conta/excluir", data={"password": password, "csrf_token": token}, follow_redirects=False
    )


class TestAccountPage:
    def test_shows_the_account_and_downloads_the_data(self, people: People) -> None:
        people.draft()
        sign_in(people.client, people.owner)
        page = people.client.get("/conta")
        assert page.status_code == 200
        assert people.owner.email in page.text and 'href="/conta/meus-dados.json"' in page.text
        download = people.client.get("/conta/meus-dados.json")
        assert download.status_code == 200
        assert "attachment" in download.headers["content-disposition"]
        data = json.loads(download.text)
        assert data["account"]["email"] == people.owner.email and len(data["practices"]) == 1

    @pytest.mark.parametrize(
        ("lang", "title"),
        [("pt-BR", "Minha conta"), ("es", "Mi cuenta"), ("en", "My account"), ("fr", "Mon compte")],
    )
    def test_in_each_language(self, people: People, lang: str, title: str) -> None:
        sign_in(people.client, people.owner)
        people.client.cookies.set(LANG_COOKIE, lang)
        assert f"<h1>{title}</h1>" in people.client.get("/conta").text

    def test_signed_out_visitors_are_sent_to_sign_in(self, people: People) -> None:
        response = people.client.get("/conta", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/entrar")

    def test_a_wrong_password_deletes_nothing(self, people: People) -> None:
        sign_in(people.client, people.owner)
        response = delete_form(people, "nao-e-a-senha")
        assert response.status_code == 400 and "Senha incorreta" in response.text
        assert people.client.get("/minhas-praticas").status_code == 200
        me = people.client.get("/api/v1/me", headers=auth(people.owner))
        assert me.status_code == 200

    def test_deleting_signs_out_for_good(self, people: People) -> None:
        sign_in(people.client, people.owner)
        response = delete_form(people, PASSWORD)
        assert response.status_code == 303 and response.headers["location"] == "/"
        assert "Sua conta foi excluída." in people.client.get("/").text
        assert people.client.get("/minhas-praticas", follow_redirects=False).status_code == 303
        token = csrf_from(people.client.get("/entrar"))
        again = people.client.post(
            "/entrar",
            data={"email": people.owner.email, "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert again.status_code == 400


class TestConsentDate:
    def test_on_the_edit_and_review_pages(self, people: People) -> None:
        pid = people.draft(contact=CONSENTED, contact_public=True)["id"]
        sign_in(people.client, people.owner)
        edit = people.client.get(f"/praticas/{pid}/editar").text
        assert "Consentimento para publicar o contato dado em" in edit
        people.patch(people.colleague, pid, contact_public=False)
        edit = people.client.get(f"/praticas/{pid}/editar").text
        assert "Consentimento para publicar o contato retirado em" in edit
        assert people.colleague.name in edit
        submitted = people.client.post(
            f"/api/v1/practices/{pid}/submit", headers=auth(people.owner)
        )
        assert submitted.status_code == 200
        sign_in(people.client, people.curator)
        review = people.client.get(f"/curadoria/praticas/{pid}").text
        assert 'id="consent-date"' in review and "retirado em" in review
