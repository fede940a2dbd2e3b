"""The organisation directory and an organisation's page: the same filters as the API, the
approved profile and what it published, the municipality page's organisations; in the four
languages; and the journey in Chromium."""

from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect
from sqlmodel import Session

from tests.builders import auth, publish, required_checklist
from tests.organisations.conftest import profile_payload
from tests.places import BOA_VISTA, PACARAIMA
from tests.web.conftest import LiveServer, People, shot, sync_search
from tests.web.helpers import csrf_from, review_post, sign_in
from tests.web.test_browser import OpenPage


def publish_profile(
    client: TestClient | httpx.Client, people: People, **overrides: Any
) -> dict[str, Any]:
    """The organisation's profile proposed by its member and approved by the curator."""
    org_id = people.org.id
    proposed = client.put(
        f"/api/v1/organisations/{org_id}/profile",
        json=profile_payload(**overrides),
        headers=auth(people.contributor),
    )
    assert proposed.status_code == 200, proposed.text
    base = f"/api/v1/curation/organisation-profiles/{org_id}"
    claimed = client.post(f"{base}/claim", headers=auth(people.curator)).json()
    decision = {
        "revision_id": claimed["revision_id"],
        "outcome": "approve",
        "checklist": required_checklist("organisation_profile"),
    }
    decided = client.post(f"{base}/decisions", json=decision, headers=auth(people.curator))
    assert decided.status_code == 201, decided.text
    return client.get(f"/api/v1/organisations/{org_id}").json()


class TestPages:
    def test_directory_organisation_and_municipality_pages(
        self, client: TestClient, session: Session, people: People
    ) -> None:
        practice = publish(client, people.contributor, people.curator)
        publish_profile(client, people)
        sync_search(session)

        every = client.get("/organizacoes")
        assert every.status_code == 200
        assert "Cáritas Roraima" in every.text and "Missão Paz" in every.text
        assert "Perfil ainda não publicado." in every.text  # Missão Paz's
        found = client.get("/organizacoes", params={"q": "venezulanos", "uf": "RR"})
        assert 'href="/organizacoes/' in found.text and "Missão Paz" not in found.text
        assert "1 organização" in found.text
        none = client.get("/organizacoes", params={"type": "international"})
        assert f'href="/organizacoes/{people.org.id}"' not in none.text
        bad = client.get("/organizacoes", params={"theme": "astrologia"})
        assert bad.status_code == 200 and "Um dos filtros não é conhecido" in bad.text
        here = client.get("/organizacoes", params={"municipality": PACARAIMA})
        assert "Atuando em Pacaraima/RR" in here.text and "Cáritas Roraima" in here.text

        page = client.get(f"/organizacoes/{people.org.id}")
        assert page.status_code == 200
        for text in (
            "Acolhe refugiados venezuelanos",
            f'href="/municipios/{PACARAIMA}"',
            "mailto:contato@caritas-rr.example.org",
            f'href="/praticas/{practice["id"]}"',
            "Sociedade civil (OSC)",
        ):
            assert text in page.text, text
        english = client.get(f"/organizacoes/{people.org.id}", headers={"Accept-Language": "en"})
        assert "Where it works" in english.text and "Civil society (CSO)" in english.text
        assert "Replications" in english.text
        other = client.get(f"/organizacoes/{people.other_contributor.organisation_id}")
        assert "Esta organização ainda não publicou seu perfil." in other.text
        assert client.get("/organizacoes/99999").status_code == 404

        municipality = client.get(f"/municipios/{BOA_VISTA}", headers={"Accept-Language": "fr"})
        assert "Organisations qui travaillent ici" in municipality.text
        assert f'href="/organizacoes/{people.org.id}"' in municipality.text


class TestProfileForm:
    def test_a_member_proposes_the_profile_on_the_site(
        self, client: TestClient, people: People, search_ready: None
    ) -> None:
        form_page = f"/organizacoes/{people.org.id}/perfil"
        sign_in(client, people.other_contributor)  # another organisation's member
        assert client.get(form_page).status_code == 403
        client.post("/sair", data={"csrf_token": csrf_from(client.get("/"))})
        sign_in(client, people.contributor)
        page = client.get(f"/organizacoes/{people.org.id}")
        assert f'href="{form_page}"' in page.text
        page = client.get(form_page)
        assert page.status_code == 200
        data = {
            "csrf_token": csrf_from(page),
            "description": "curta",
            "type": "osc",
            "municipalities": "Boa Vista/RR\nCidade Inexistente",
            "themes": ["ensino-portugues"],
            "languages": ["pt", "es"],
            "contact_channel": "phone",
            "contact_value": "ligue já",
        }
        refused = client.post(form_page, data=data)
        assert refused.status_code == 422
        for text in (
            "Cidade Inexistente",  # kept as typed, and named in the error
            "Informe um telefone com DDD",
            "Curto demais: escreva pelo menos 20 caracteres.",
        ):
            assert text in refused.text, text
        assert (
            client.get(
                f"/api/v1/organisations/{people.org.id}/profile", headers=auth(people.contributor)
            ).status_code
            == 404
        )
        data |= {
            "csrf_token": csrf_from(refused),
            "description": "Acolhe refugiados venezuelanos com aulas de português em Boa Vista.",
            "municipalities": "Boa Vista/RR",
            "contact_value": "+55 95 3621-0000",
        }
        sent = client.post(form_page, data=data, follow_redirects=False)
        assert sent.status_code == 303, sent.text
        state = client.get(
            f"/api/v1/organisations/{people.org.id}/profile", headers=auth(people.contributor)
        ).json()
        assert state["status"] == "submitted"
        assert state["pending"]["content"]["municipalities"] == [BOA_VISTA]
        again = client.get(form_page)
        assert "Boa Vista/RR" in again.text and "+55 95 3621-0000" in again.text


class TestReview:
    def test_curators_review_a_profile_from_the_queue(
        self, client: TestClient, people: People
    ) -> None:
        org_id = people.org.id
        proposed = client.put(
            f"/api/v1/organisations/{org_id}/profile",
            json=profile_payload(),
            headers=auth(people.contributor),
        )
        assert proposed.status_code == 200, proposed.text
        sign_in(client, people.curator)
        review = f"/curadoria/organizacoes/{org_id}"
        assert f'href="{review}"' in client.get("/curadoria").text
        page = client.get(review)
        assert page.status_code == 200
        assert "Acolhe refugiados venezuelanos" in page.text and "Pacaraima/RR" in page.text
        assert review_post(client, review, "assumir").status_code == 303
        answers = {f"criterion.{c}": "yes" for c in required_checklist("organisation_profile")}
        decided = review_post(client, review, "decisao", outcome="approve", **answers)
        assert decided.status_code == 303, decided.text
        public = client.get(f"/api/v1/organisations/{org_id}").json()
        assert public["profile"]["type"] == "osc"


@pytest.mark.browser
class TestDirectoryJourney:
    def test_find_an_organisation_and_where_it_works(
        self, browser_page: OpenPage, live_server: LiveServer, people: People
    ) -> None:
        with live_server.api() as api:
            publish_profile(api, people)

            def listed() -> bool:
                found = api.get("/api/v1/organisations", params={"q": "Caritas"})
                return found.is_success and [o["name"] for o in found.json()] == ["Cáritas Roraima"]

            live_server.wait_until(listed, "the profile to reach the directory")
        page: Page = browser_page()
        page.goto("/")
        page.get_by_role("link", name="Organizações").click()
        page.get_by_label("Palavras para buscar").fill("portugues venezulanos")
        page.get_by_text("Filtros").click()
        page.get_by_label("Estado (UF)").select_option("RR")
        page.get_by_role("button", name="Aplicar").click()
        expect(page.get_by_role("status")).to_have_text("1 organização")
        shot(page, "organisations-directory")
        page.get_by_role("link", name="Cáritas Roraima").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Cáritas Roraima")
        expect(page.locator("#organisation-contact")).to_contain_text("contato@caritas-rr")
        shot(page, "organisation-page")
        page.locator("#organisation-places").get_by_role("link", name="Pacaraima/RR").click()
        section = page.locator("#organisations-here")
        expect(section.get_by_role("link", name="Cáritas Roraima")).to_be_visible()
