"""A contributor from a small organisation, on her phone (360 px, then 200 % zoom): the
search shows results first with the filters folded behind "Filtrar" (no JavaScript needed),
every link, button and field is at least 24 × 24 px (WCAG 2.2 target size), and the
signed-in header stays short."""

from collections.abc import Callable
from functools import partial

import pytest
from playwright.sync_api import Page, expect

from tests.builders import publish
from tests.web.conftest import LiveServer, People, shot
from tests.web.test_browser import sign_in

pytestmark = pytest.mark.browser
OpenPage = Callable[..., Page]
SMALL_PHONE = {"width": 360, "height": 740}
# Every target a person can press; the skip link is off screen until focused.
TARGETS = "a, button, input:not([type=hidden]), select, textarea, summary"

TOO_SMALL = """(selector) => Array.from(document.querySelectorAll(selector))
  .filter((e) => !e.closest('.skip') && e.getClientRects().length)
  .map((e) => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.width > 0 && (r.width < 24 || r.height < 24))
  .map(([e, r]) => {
    const name = (e.textContent || e.name || '').trim().slice(0, 30);
    return `${e.tagName} "${name}" ${Math.round(r.width)}x${Math.round(r.height)}`;
  })"""

ROWS = """(selector) => new Set(Array.from(document.querySelectorAll(selector))
  .filter((e) => e.getClientRects().length)
  .map((e) => {
    const r = e.getBoundingClientRect();
    return Math.round((r.top + r.bottom) / 2 / 16);
  })).size"""


@pytest.fixture
def no_script(browser_page: OpenPage) -> OpenPage:
    """Pages in a browser with JavaScript off, on a small phone unless told another size."""
    return partial(browser_page, viewport=SMALL_PHONE, scripts=False)


def too_small(page: Page) -> list[str]:
    return page.evaluate(TOO_SMALL, TARGETS)


class TestSearchOnAPhone:
    def test_results_first_filters_folded_targets_large(
        self, no_script: OpenPage, live_server: LiveServer, people: People
    ):
        with live_server.api() as api:
            ids = [
                publish(
                    api,
                    people.contributor,
                    people.curator,
                    title=f"Acolhimento de famílias venezuelanas, turma {n}",
                )["id"]
                for n in range(12)
            ]
        live_server.searchable("acolhimento", ids[-1])

        phone = no_script()
        sign_in(phone, people.contributor)
        phone.goto("/busca?q=acolhimento")
        first = phone.locator("ol.results > li").first
        expect(first).to_be_visible()
        box = first.bounding_box()
        assert box is not None and box["y"] + 60 < SMALL_PHONE["height"], box
        # The facets wait behind "Filtrar", which opens without any script.
        theme = phone.get_by_role("link", name="☐ Acolhimento e abrigamento")
        expect(theme).to_be_hidden()
        phone.get_by_text("Filtrar", exact=True).click()
        expect(theme).to_be_visible()
        assert too_small(phone) == []
        shot(phone, "search-phone")
        header_rows = phone.evaluate(ROWS, "header.site .bar a, header.site .bar button")
        assert header_rows <= 2, header_rows
        phone.goto("/conta")  # on a phone, signing out is at the top of "My account"
        expect(phone.get_by_role("button", name="Sair", exact=True)).to_be_visible()

        # A desktop screen at 200 % zoom: the same order, the facets folded.
        zoomed = no_script(viewport={"width": 1280, "height": 900}, zoom=2)
        zoomed.goto("/busca?q=acolhimento")
        box = zoomed.locator("ol.results > li").first.bounding_box()
        assert box is not None and box["y"] + 60 < 450, box
        expect(zoomed.get_by_role("link", name="☐ Acolhimento e abrigamento")).to_be_hidden()
        assert too_small(zoomed) == []
        assert zoomed.evaluate("document.documentElement.scrollWidth") <= 640

        # Wide enough, the facets stand beside the results without opening anything.
        wide = no_script(viewport={"width": 1280, "height": 900})
        wide.goto("/busca?q=acolhimento")
        expect(wide.get_by_role("link", name="☐ Acolhimento e abrigamento")).to_be_visible()


class TestFormOnAPhone:
    def test_failed_send_focuses_the_summary_in_the_forms_order(
        self, browser_page: OpenPage, live_server: LiveServer, people: People
    ):
        phone = browser_page(viewport=SMALL_PHONE)
        sign_in(phone, people.contributor)
        phone.goto("/praticas/nova?modelo=geral")
        assert "Markdown" not in phone.content()
        expect(phone.get_by_text("negrito (**assim**), listas")).to_be_visible()
        expect(
            phone.get_by_role("link", name="O que a curadoria verifica antes de publicar")
        ).to_have_attribute("href", "/criterios-de-curadoria#practice")
        # The help of a checkbox follows it, right under its label.
        check = phone.get_by_label("Publicar este contato na página da prática")
        help_text = phone.locator("#help-contact_public")
        assert help_text.bounding_box()["y"] > check.bounding_box()["y"]  # type: ignore[index]

        phone.locator("#f-description").fill("Acolhimento de famílias.")
        phone.locator("#f-municipalities").fill("boa vista")
        phone.get_by_role("button", name="Enviar para a curadoria").click()
        summary = phone.locator("#error-summary")
        expect(summary).to_be_focused()
        fields = [a.get_attribute("href") for a in summary.get_by_role("link").all()]
        # The form's order, though the municipality was read (and refused) first.
        assert fields == [
            "#f-title",
            "#f-summary",
            "#f-themes",
            "#f-audiences",
            "#f-municipalities",
        ]
        # Nothing typed was lost, and a suggestion fills the field.
        expect(phone.locator("#f-description")).to_have_value("Acolhimento de famílias.")
        phone.get_by_role("link", name="Boa Vista/RR").click()
        expect(phone.locator("#f-municipalities")).to_have_value("Boa Vista/RR")
        expect(phone.locator("#f-municipalities")).to_be_focused()
