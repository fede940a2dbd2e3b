"""The policy registry in a real browser (Debian's Chromium through Playwright) against the
real app, database and Meilisearch: proposed through the form, approved from the queue, found
by a visitor with a filter."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import PHONE, LiveServer, People, shot
from tests.web.test_browser import approve, label, sign_in

pytestmark = pytest.mark.browser
OpenPage = Callable[..., Page]
TITLE = "Lei municipal de acolhimento de migrantes de Boa Vista"


def fill_policy(page: Page, title: str) -> None:
    page.get_by_role("radio", name="Lei", exact=True).check()
    page.get_by_label(label("Número")).fill("2.118/2022")
    page.get_by_label(label("Data")).fill("2022-06-15")
    page.get_by_label(label("Título")).fill(title)
    page.get_by_label(label("Resumo")).fill(
        "Garante acolhimento e atendimento a migrantes e refugiados nos serviços municipais."
    )
    page.get_by_label(label("Link oficial")).fill("https://www.boavista.rr.gov.br/leis/2118-2022")
    page.get_by_role("radio", name="Em vigor", exact=True).check()
    page.get_by_role("checkbox", name="Acolhimento e abrigamento", exact=True).check()
    page.get_by_role("radio", name="Municipal", exact=True).check()
    page.get_by_label(label("Município")).fill("Boa Vista/RR")


class TestProposeApproveFind:
    def test_journey(self, browser_page: OpenPage, live_server: LiveServer, people: People):
        contributor = browser_page()
        sign_in(contributor, people.contributor)
        contributor.get_by_role("link", name="Políticas", exact=True).click()
        contributor.get_by_role("link", name="Propor uma política").click()
        # A first try without a title: the message sits beside the field and nothing is lost.
        fill_policy(contributor, "")
        contributor.get_by_role("button", name="Enviar para a curadoria").click()
        expect(contributor.locator("#err-title")).to_have_text("Este campo é obrigatório.")
        expect(contributor.get_by_label(label("Município"))).to_have_value("Boa Vista/RR")
        shot(contributor, "policy-form-errors")
        contributor.get_by_label(label("Título")).fill(TITLE)
        contributor.get_by_role("button", name="Enviar para a curadoria").click()
        expect(contributor.get_by_text("Política enviada para a curadoria.")).to_be_visible()
        mine = contributor.locator("#politicas")
        expect(mine.get_by_text("Enviada, aguardando curadoria")).to_be_visible()

        curator = browser_page()
        sign_in(curator, people.curator)
        curator.goto("/curadoria")
        approve(curator, TITLE, "policy-review")

        def searchable() -> bool:
            with live_server.api() as api:
                found = api.get("/api/v1/policies", params={"q": "acolhimento boa vista"})
            return any(h["title"] == TITLE for h in found.json().get("hits", []))

        live_server.wait_until(searchable, "the approved policy to be searchable")

        visitor = browser_page(viewport=PHONE)
        visitor.goto("/")
        visitor.get_by_role("link", name="Políticas", exact=True).click()
        visitor.get_by_text("Filtrar", exact=True).click()  # a phone folds the filters
        visitor.get_by_role("link", name=re.compile(r"Roraima \(RR\)")).click()
        expect(visitor).to_have_url(re.compile(r"/politicas\?uf=RR$"))
        expect(visitor.get_by_text("1 política encontrada")).to_be_visible()
        result = visitor.get_by_role("link", name=TITLE)
        expect(result).to_be_visible()
        shot(visitor, "policies")
        result.click()
        expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
        official = visitor.get_by_role("link", name="Abrir a publicação oficial")
        expect(official).to_have_attribute("rel", "noopener noreferrer external")
        expect(visitor.get_by_role("link", name="Boa Vista/RR")).to_be_visible()
        expect(visitor.locator("#policy-status")).to_have_text("Em vigor")
        shot(visitor, "policy")
