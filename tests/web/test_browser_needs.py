"""Needs in a real browser (Debian's Chromium through Playwright) against the real app: the
Boa Vista editor posts a need (a past date first: the message sits beside the field), Cáritas
offers help, the public sees only the count, and the editor reads the offer with its contact."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from app.needs.service import today
from tests.web.conftest import People, shot
from tests.web.test_browser import label, sign_in

pytestmark = pytest.mark.browser
OpenPage = Callable[..., Page]
TITLE = "Turmas de português à noite"


class TestNeedJourney:
    def test_editor_posts_organisation_offers_owner_reads(
        self, browser_page: OpenPage, people: People
    ) -> None:
        editor = browser_page()
        sign_in(editor, people.gov_editor)
        editor.goto("/necessidades")
        editor.get_by_role("link", name="Publicar uma necessidade").click()
        editor.get_by_label(label("Título")).fill(TITLE)
        editor.get_by_role("checkbox", name="Ensino de português (PLAc", exact=False).check()
        editor.get_by_label(label("Descrição")).fill(
            "Faltam turmas de português à noite para adultos acolhidos no centro."
        )
        editor.get_by_label(label("Pessoas afetadas")).fill("300")
        editor.get_by_label(label("Vale até")).fill((today() - timedelta(days=1)).isoformat())
        editor.get_by_role("button", name="Salvar necessidade").click()
        expect(editor.locator("#err-until")).to_have_text(
            "Esta data já passou: escolha hoje ou uma data posterior."
        )
        expect(editor.get_by_label(label("Título"))).to_have_value(TITLE)
        editor.get_by_label(label("Vale até")).fill((today() + timedelta(days=30)).isoformat())
        editor.get_by_role("button", name="Salvar necessidade").click()
        expect(editor.get_by_role("heading", level=1)).to_have_text(TITLE)
        need_url = editor.url
        shot(editor, "need")

        helper = browser_page()
        sign_in(helper, people.contributor)
        helper.goto(need_url)
        helper.get_by_label(label("Mensagem")).fill("Temos professoras voluntárias no centro.")
        helper.get_by_label(label("O que sua organização pode oferecer")).fill("Duas turmas")
        helper.get_by_label(label("Contato")).fill("coordenacao@caritas-rr.org")
        helper.get_by_role("button", name="Enviar a oferta").click()
        expect(helper.get_by_text("Oferta enviada.")).to_be_visible()
        expect(helper.locator("#offers-count")).to_have_text("1")
        expect(helper.get_by_text("coordenacao@caritas-rr.org")).to_have_count(0)

        visitor = browser_page()
        visitor.goto("/necessidades")
        visitor.get_by_role("link", name=TITLE).click()
        expect(visitor.locator("#offers-count")).to_have_text("1")
        expect(visitor.get_by_text("coordenacao@caritas-rr.org")).to_have_count(0)

        editor.reload()
        offers = editor.get_by_role("region", name="Ofertas recebidas")
        expect(offers.get_by_text("Cáritas Roraima")).to_be_visible()
        expect(offers.get_by_text("coordenacao@caritas-rr.org")).to_be_visible()
        shot(editor, "need-offers")
        editor.get_by_role("button", name="Marcar como atendida").click()
        expect(editor.get_by_text("A necessidade foi marcada como atendida.")).to_be_visible()
        expect(editor.get_by_role("heading", name="Oferecer ajuda")).to_have_count(0)
