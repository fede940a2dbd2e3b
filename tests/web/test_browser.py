"""The interface in a real browser (Debian's Chromium through Playwright) against the real
app served by uvicorn, the real database and the real Meilisearch: the journeys people make."""

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from app.accounts.models import User
from app.municipalities.service import today
from tests.builders import PASSWORD, auth, create_practice, publish
from tests.web.conftest import PHONE, LiveServer, People, shot

pytestmark = pytest.mark.browser
OpenPage = Callable[..., Page]


def sign_in(page: Page, user: User) -> None:
    page.goto("/entrar")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Senha").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_text(f"Conectado como {user.name}")).to_be_visible()


def label(text: str) -> re.Pattern[str]:
    """A form label, whether or not it carries the required-field asterisk."""
    return re.compile(rf"^{re.escape(text)}( \*)?$")


def fill_practice(page: Page, title: str, description: str) -> None:
    page.get_by_label(label("Título")).fill(title)
    page.get_by_label(label("Resumo")).fill(
        "Acolhimento provisório e encaminhamento de famílias recém-chegadas."
    )
    page.get_by_label(label("Descrição")).fill(description)
    page.get_by_role("checkbox", name="Acolhimento e abrigamento", exact=True).check()
    page.get_by_role("checkbox", name="Pessoas refugiadas", exact=True).check()
    page.get_by_role("radio", name="Em um ou mais municípios", exact=True).check()
    page.get_by_label(label("Municípios")).fill("1400100")
    page.get_by_role("radio", name="Monitorada", exact=True).check()
    page.get_by_role("radio", name="Consolidada (em funcionamento regular)", exact=True).check()


def approve(curator: Page, title: str, screenshot: str) -> None:
    """From the curation queue: take the item into review, answer "Sim" to every item the
    checklist requires, and approve it."""
    curator.get_by_role("link", name=title).click()
    curator.get_by_role("button", name="Assumir a análise").click()
    for fieldset in curator.locator("fieldset").filter(has_text="obrigatório para aprovar").all():
        fieldset.get_by_label("Sim").check()
    shot(curator, screenshot)
    curator.get_by_role("button", name="Aprovar e publicar").click()
    expect(curator.get_by_text("Decisão registrada: aprovada.")).to_be_visible()


class TestSubmitApproveFind:
    """(a) submitted through the form, approved by a curator, found with a typo by a visitor."""

    def test_journey(self, browser_page: OpenPage, live_server: LiveServer, people: People):
        contributor = browser_page()
        sign_in(contributor, people.contributor)
        contributor.get_by_role("link", name="Compartilhar uma nova prática").click()
        contributor.get_by_role("link", name="Prática geral").click()
        # A first try without a title: the message sits beside the field and nothing is lost.
        fill_practice(contributor, "", "A casa de passagem acolhe refugiados venezuelanos.")
        contributor.get_by_role("button", name="Enviar para a curadoria").click()
        expect(contributor.locator("#err-title")).to_have_text("Este campo é obrigatório.")
        expect(contributor.get_by_label(label("Descrição"))).to_have_value(
            "A casa de passagem acolhe refugiados venezuelanos."
        )
        shot(contributor, "practice-form-errors")
        contributor.get_by_label(label("Título")).fill(
            "Casa de passagem para refugiados em Boa Vista"
        )
        contributor.get_by_role("button", name="Enviar para a curadoria").click()
        expect(contributor.get_by_text("Enviada, aguardando curadoria")).to_be_visible()
        shot(contributor, "my-practices")

        curator = browser_page()
        sign_in(curator, people.curator)
        approve(curator, "Casa de passagem para refugiados em Boa Vista", "review")
        shot(curator, "curation-queue")

        with live_server.api() as api:
            queue = api.get("/api/v1/practices", params={"per_page": 5}).json()["items"]
        practice_id = queue[0]["id"]
        live_server.searchable("refujiados", practice_id)

        visitor = browser_page(viewport=PHONE)
        visitor.goto("/")
        shot(visitor, "home")
        visitor.get_by_role("searchbox").fill("refujiados venezuelanos")
        visitor.get_by_role("button", name="Buscar").click()
        result = visitor.get_by_role("link", name="Casa de passagem para refugiados em Boa Vista")
        expect(result).to_be_visible()
        expect(visitor.locator("mark").first).to_be_visible()
        shot(visitor, "results")
        result.click()
        expect(visitor.get_by_role("heading", level=1)).to_have_text(
            "Casa de passagem para refugiados em Boa Vista"
        )
        expect(visitor.get_by_role("link", name="Boa Vista/RR")).to_be_visible()
        shot(visitor, "practice")


class TestChangesRequested:
    """(b) the curator asks for changes; the contributor reads why, edits and resubmits."""

    def test_journey(self, browser_page: OpenPage, live_server: LiveServer, people: People):
        with live_server.api() as api:
            practice = create_practice(
                api, people.contributor, title="Aulas de português para migrantes"
            )
            api.post(f"/api/v1/practices/{practice['id']}/submit", headers=auth(people.contributor))
        curator = browser_page()
        sign_in(curator, people.curator)
        curator.goto(f"/curadoria/praticas/{practice['id']}")
        curator.get_by_role("button", name="Assumir a análise").click()
        curator.get_by_label("Justificativa para quem enviou").fill(
            "Informe quantas turmas existem hoje."
        )
        curator.get_by_role("button", name="Pedir ajustes").click()
        expect(curator.get_by_text("Decisão registrada: ajustes solicitados.")).to_be_visible()

        contributor = browser_page(viewport=PHONE)
        sign_in(contributor, people.contributor)
        expect(contributor.get_by_text("Informe quantas turmas existem hoje.")).to_be_visible()
        expect(contributor.get_by_text("Ajustes solicitados", exact=True)).to_be_visible()
        contributor.get_by_role("link", name="Editar", exact=True).click()
        results = contributor.get_by_label("Resultados e evidências", exact=True)
        results.fill("Quatro turmas ativas em 2025, 90 alunos.")
        contributor.get_by_role("button", name="Enviar para a curadoria").click()
        expect(contributor.get_by_text("Enviada, aguardando curadoria")).to_be_visible()
        with live_server.api() as api:
            owner_view = api.get(
                f"/api/v1/practices/{practice['id']}", headers=auth(people.contributor)
            ).json()
        assert owner_view["status"] == "submitted"
        assert (
            owner_view["revision"]["content"]["results"]
            == "Quatro turmas ativas em 2025, 90 alunos."
        )


class TestCapacityReport:
    """(c) a gov editor reports capacity; the municipality page shows the figures as fresh."""

    def test_journey(self, browser_page: OpenPage, live_server: LiveServer, people: People):
        earlier = {
            "as_of": (today() - timedelta(days=150)).isoformat(),
            "source": "censo-suas",
            "places": [{"facility_type": "abrigo-institucional", "total": 200, "occupied": 190}],
        }
        with live_server.api() as api:
            url = "/api/v1/municipalities/1400100/capacity-reports"
            assert api.post(url, json=earlier, headers=auth(people.gov_editor)).status_code == 201
        editor = browser_page(viewport=PHONE)
        sign_in(editor, people.gov_editor)
        editor.goto("/municipios/1400100")
        expect(editor.locator("#freshness")).to_have_text("Desatualizado")
        editor.get_by_role("link", name="Capacidade de acolhimento").click()
        expect(editor.get_by_role("heading", level=1)).to_have_text("Capacidade de Boa Vista/RR")
        editor.get_by_label("Números de").fill((today() - timedelta(days=2)).isoformat())
        editor.locator("#f-abrigo-institucional-total").fill("240")
        editor.locator("#f-abrigo-institucional-occupied").fill("180")
        editor.locator("#f-casa-de-passagem-total").fill("60")
        editor.locator("#f-casa-de-passagem-occupied").fill("41")
        editor.get_by_role("checkbox", name="Aulas de português", exact=True).check()
        shot(editor, "capacity-form")
        editor.get_by_role("button", name="Salvar relatório").click()

        expect(editor.get_by_text("Relatório de capacidade salvo.")).to_be_visible()
        expect(editor.locator("#freshness")).to_have_text("Atualizado")
        figures = editor.locator("#capacity-figures")
        expect(figures).to_contain_text("300")
        expect(figures).to_contain_text("221")
        expect(editor.locator("svg.chart circle")).to_have_count(4)  # two dates, two series
        shot(editor, "municipality")
        editor.goto("/gestao/capacidade/importar")
        shot(editor, "capacity-import")


class TestLanguages:
    """(d) the visible switch changes the interface text, and the choice persists."""

    @pytest.mark.parametrize(
        ("language", "heading", "search"),
        [
            (
                "Español",
                "Buenas prácticas de acogida de migrantes y refugiados",
                "Buscar prácticas",
            ),
            ("English", "Good practices of migrant and refugee reception", "Search practices"),
            (
                "Français",
                "Bonnes pratiques d'accueil des migrants et réfugiés",
                "Rechercher des pratiques",
            ),
        ],
    )
    def test_switch(self, browser_page: OpenPage, language: str, heading: str, search: str):
        page = browser_page()
        page.goto("/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Boas práticas de acolhimento de migrantes e refugiados"
        )
        page.get_by_role("link", name=language).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^(es|en|fr)$"))
        page.get_by_role("link", name=search).first.click()  # another page, same language
        expect(page.get_by_role("heading", level=1)).to_have_text(search)

    def test_keyboard_reaches_the_skip_link_and_focus_is_visible(self, browser_page: OpenPage):
        page = browser_page()
        page.goto("/")
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        expect(focused).to_have_text("Pular para o conteúdo")
        outline = focused.evaluate("el => getComputedStyle(el).outlineStyle")
        assert outline == "solid"


class TestHostileContent:
    """(e) a description with <script> and <img onerror> renders as inert text."""

    def test_inert(self, browser_page: OpenPage, live_server: LiveServer, people: People):
        payload = (
            "Antes <script>window.__pwned = 'script'; alert('xss')</script> depois. "
            "<img src=x onerror=\"window.__pwned = 'img'; alert('img')\"> fim."
        )
        with live_server.api() as api:
            practice = publish(api, people.contributor, people.curator, description=payload)
        page = browser_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"/praticas/{practice['id']}")
        description = page.locator("section.content")
        expect(description).to_contain_text("<script>window.__pwned")
        expect(description).to_contain_text("<img src=x onerror=")
        assert description.locator("script, img").count() == 0
        assert page.evaluate("() => window.__pwned") is None
        assert dialogs == []
        shot(page, "practice-hostile-content")


class TestAutocomplete:
    """Progressive enhancement: with JavaScript, municipality names are suggested as you type."""

    def test_near_a_municipality(self, browser_page: OpenPage, live_server: LiveServer):
        page = browser_page()
        page.goto("/busca")
        page.get_by_text("Local e ordem").click()
        near = page.get_by_role("combobox", name="Perto de um município")
        near.press_sequentially("pacarai")
        option = page.get_by_role("option", name="Pacaraima/RR (1400456)")
        expect(option).to_be_visible()
        near.press("ArrowDown")
        near.press("Enter")
        expect(near).to_have_value("1400456 Pacaraima/RR")
        page.get_by_role("button", name="Aplicar").click()
        expect(page.get_by_text("perto de Pacaraima/RR")).to_be_visible()
