"""The curator's side of the loop in Chromium: an incomplete decision is summed up at the top
of the page, focused, each problem linked to its answer in the form's order; an approval's
confirmation links the page just published."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.builders import auth, create_practice
from tests.web.conftest import PHONE, LiveServer, People
from tests.web.test_browser import sign_in

pytestmark = pytest.mark.browser
OpenPage = Callable[..., Page]


class TestDecisionErrorsAndApproval:
    def test_errors_on_top_focused_then_the_published_page(
        self, browser_page: OpenPage, live_server: LiveServer, people: People
    ):
        with live_server.api() as api:
            practice = create_practice(api, people.contributor, title="Rodas de conversa")
            api.post(f"/api/v1/practices/{practice['id']}/submit", headers=auth(people.contributor))
        curator = browser_page(viewport=PHONE)
        sign_in(curator, people.curator)
        curator.goto(f"/curadoria/praticas/{practice['id']}")
        curator.get_by_role("button", name="Assumir a análise").click()
        curator.get_by_role("button", name="Aprovar e publicar").click()

        summary = curator.locator("#decision-errors")
        expect(summary).to_be_focused()
        box = summary.bounding_box()
        decision = curator.get_by_role("heading", name="Decisão", exact=True).bounding_box()
        assert box is not None and decision is not None and box["y"] < decision["y"]
        links = summary.get_by_role("link")
        first = links.first
        expect(first).to_have_attribute("href", "#criterion-relevancia")  # the form's order
        first.click()
        expect(curator.locator("#criterion-relevancia")).to_be_focused()

        for fieldset in (
            curator.locator("fieldset").filter(has_text="obrigatório para aprovar").all()
        ):
            fieldset.get_by_label("Sim").check()
        curator.get_by_role("button", name="Aprovar e publicar").click()
        expect(curator.get_by_text("Decisão registrada: aprovada.")).to_be_visible()
        curator.get_by_role("link", name="Abrir a página recém-publicada").click()
        expect(curator.get_by_role("heading", level=1)).to_have_text("Rodas de conversa")
