"""Translations on the site, in real Chromium against the app served by uvicorn with its
outbox worker and the real Meilisearch: a contributor adds a Spanish translation through the
edit form (a bad one is refused beside its field), the curator reviews it beside the
Portuguese and approves it, and readers in Spanish, French and English see what they should."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.builders import publish
from tests.translations.conftest import SPANISH
from tests.web.conftest import LiveServer, People, shot
from tests.web.test_browser import OpenPage, approve, sign_in

pytestmark = pytest.mark.browser
TITLE = "Acolhimento de refugiados venezuelanos em Boa Vista"


def translate(page: Page, practice_id: int) -> None:
    page.goto(f"/praticas/{practice_id}/editar")
    page.locator("#traducao-es summary").click()
    page.get_by_label("Título (Español)").fill("No")
    page.get_by_label("Resumo (Español)").fill(SPANISH["summary"])
    page.get_by_role("button", name="Enviar para a curadoria").click()
    # Refused beside the field, the rest kept as typed and the language left open.
    expect(page.locator("#err-translations-es-title")).to_contain_text("pelo menos 3")
    expect(page.get_by_label("Resumo (Español)")).to_have_value(SPANISH["summary"])
    page.get_by_label("Título (Español)").fill(SPANISH["title"])
    page.get_by_label("Descrição (Español)").fill(SPANISH["description"])
    page.get_by_role("button", name="Enviar para a curadoria").click()
    expect(page.get_by_text("Enviada, aguardando curadoria").first).to_be_visible()


class TestTranslationJourney:
    def test_translate_review_and_read_in_each_language(
        self, browser_page: OpenPage, live_server: LiveServer, people: People
    ) -> None:
        with live_server.api() as api:
            practice = publish(api, people.contributor, people.curator, title=TITLE)
        pid = practice["id"]
        contributor = browser_page()
        sign_in(contributor, people.contributor)
        translate(contributor, pid)

        curator = browser_page()
        sign_in(curator, people.curator)
        curator.goto("/curadoria")
        curator.get_by_role("link", name=TITLE).click()
        beside = curator.get_by_role("region", name="Tradução: Español")
        expect(beside.locator("td[lang=es]").first).to_have_text(SPANISH["title"])
        expect(beside.locator("td[lang=pt-BR]").first).to_have_text(TITLE)
        expect(curator.get_by_role("heading", name="Título (Español)")).to_be_visible()
        shot(curator, "translation-review")
        curator.go_back()
        approve(curator, TITLE, "translation-approve")
        live_server.searchable("frontera", pid)

        reader = browser_page(locale="es")
        reader.goto(f"/praticas/{pid}")
        expect(reader.locator("h1")).to_have_text(SPANISH["title"])
        expect(reader.locator("h1")).to_have_attribute("lang", "es")
        expect(reader.locator("p.lead")).to_have_attribute("lang", "es")
        # The results are not translated: said in Spanish, and marked as Portuguese.
        expect(reader.get_by_role("note")).to_contain_text(
            "Parte de este contenido está en portugués"
        )
        expect(reader.locator(".content [lang=pt-BR]").first).to_be_visible()
        expect(reader.get_by_text("Idiomas de atención")).to_be_visible()
        expect(reader.locator("dt", has_text="Texto disponible en")).to_be_visible()
        shot(reader, "translation-page-es")
        reader.goto("/busca?q=frontera")
        hit = reader.locator("h3", has_text=SPANISH["title"])
        expect(hit).to_have_attribute("lang", "es")
        # The facet says it filters the languages a practice serves people in.
        expect(reader.locator(".facets summary", has_text="Idiomas de atención")).to_have_count(1)

        french = browser_page(locale="fr")
        french.goto(f"/praticas/{pid}")
        expect(french.locator("h1")).to_have_text(TITLE)
        expect(french.locator("h1")).to_have_attribute("lang", "pt-BR")
        expect(french.get_by_role("note")).to_contain_text("Ce contenu est en portugais.")
        expect(french.get_by_role("link", name="Ajouter une traduction")).to_have_count(0)

        member = browser_page(locale="en")
        sign_in_en(member, people)
        member.goto(f"/praticas/{pid}")
        add = member.get_by_role("link", name="Add a translation")
        expect(add).to_have_attribute("href", re.compile(rf"/praticas/{pid}/editar#traducao-en$"))
        add.click()
        expect(member.locator("#traducao-en")).to_be_visible()


def sign_in_en(page: Page, people: People) -> None:
    """Sign in on a page whose interface speaks English (the visitor's browser asks for it)."""
    from tests.builders import PASSWORD

    page.goto("/entrar")
    page.get_by_label("E-mail").fill(people.contributor.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {people.contributor.name}")).to_be_visible()
