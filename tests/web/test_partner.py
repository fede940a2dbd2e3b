"""A partner from an international organisation: the API documentation renders under the
site's strict Content-Security-Policy, in a real browser, with nothing fetched from elsewhere."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import PHONE, LiveServer

pytestmark = pytest.mark.browser
OpenPage = Callable[..., Page]


class TestApiDocumentation:
    def test_swagger_and_redoc_render_under_the_strict_policy(
        self, browser_page: OpenPage, live_server: LiveServer
    ):
        page = browser_page()
        refused: list[str] = []
        page.on(
            "console",
            lambda m: refused.append(m.text) if "Content Security" in m.text else None,
        )
        elsewhere: list[str] = []
        page.on(
            "requestfinished",
            lambda r: elsewhere.append(r.url) if not r.url.startswith(live_server.url) else None,
        )
        answer = page.goto("/docs")
        assert answer is not None
        assert "script-src 'self'" in answer.headers["content-security-policy"]
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Partilha API")
        expect(page.get_by_text("/api/v1/search/practices").first).to_be_visible()

        page.goto("/redoc")
        # Redoc lays out the whole spec in the page before its heading shows: on a busy
        # machine that took over the 5 s default (its menu was there, the heading not yet).
        heading = page.get_by_role("heading", name="Partilha API", level=1)
        expect(heading).to_be_visible(timeout=30_000)
        expect(page.get_by_text("/api/v1/search/practices").first).to_be_attached()
        # Redoc's "by Redocly" logo points at its CDN: the policy refuses it and Redoc hides it.
        assert [m for m in refused if "cdn.redoc.ly" not in m] == []
        assert elsewhere == []

        phone = browser_page(viewport=PHONE)
        phone.goto("/docs")
        expect(phone.locator(".swagger-ui .info .title")).to_contain_text("Partilha API")
