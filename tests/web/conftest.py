"""Fixtures for the web interface: the people who use it, a search sync, and (for browser
tests) the real app served by uvicorn in a thread with Chromium driven by Playwright."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import Organisation, User
from app.config import get_settings
from app.db import get_engine
from app.search.sync import sync_once
from tests.builders import make_org, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page


@dataclass
class People:
    org: Organisation
    contributor: User
    other_contributor: User
    curator: User
    gov_editor: User


@pytest.fixture
def people(session: Session) -> People:
    org = make_org(session, "Cáritas Roraima")
    other = make_org(session, "Missão Paz", uf="SP")
    city = make_org(session, "Prefeitura de Boa Vista", type="governo-municipal")
    return People(
        org=org,
        contributor=make_user(session, "contributor", org, email="ana@caritas.org"),
        other_contributor=make_user(session, "contributor", other, email="rui@missaopaz.org"),
        curator=make_user(session, "curator", email="curadora@partilha.org"),
        gov_editor=make_user(
            session, "gov_editor", city, scope="1400100", email="sec@bv.rr.gov.br"
        ),
    )


def sync_search(session: Session) -> None:
    """Process the outbox into the real Meilisearch (the worker thread is off in tests)."""
    session.commit()  # SQLite: the test's own reads must not hold the write lock
    result = sync_once(get_engine(), get_settings(), ignore_backoff=True)
    assert result.failed == 0, result


@pytest.fixture
def anonymous(client: TestClient) -> Iterator[TestClient]:
    client.cookies.clear()
    yield client


@pytest.fixture
def search_ready(session: Session) -> None:
    """Indexes created with their settings and the 5,571 municipalities loaded."""
    from app.search import maintenance

    maintenance.setup(get_engine(), get_settings())


# --- browser tests: the real app in a thread, Debian's Chromium through Playwright --------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class LiveServer:
    url: str

    def api(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30)

    def wait_until(self, check: Callable[[], bool], what: str, timeout_s: float = 30) -> None:
        """Poll a condition on the running app (indexing is asynchronous), never sleep-and-hope."""
        deadline = time.monotonic() + timeout_s
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            time.sleep(0.1)

    def searchable(self, query: str, practice_id: int) -> None:
        def found() -> bool:
            with self.api() as api:
                hits = (
                    api.get("/api/v1/search/practices", params={"q": query}).json().get("hits", [])
                )
            return any(h["id"] == practice_id for h in hits)

        self.wait_until(found, f"practice {practice_id} to be searchable as {query!r}")


@pytest.fixture
def live_server(env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    """create_app() served by uvicorn on a free port, with the outbox worker on so approved
    practices reach the real Meilisearch as they would in production."""
    from app.main import create_app
    from app.search.server import free_port

    monkeypatch.setenv("PARTILHA_OUTBOX_WORKER", "true")
    get_settings.cache_clear()
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    live = LiveServer(f"http://127.0.0.1:{port}")
    live.wait_until(lambda: server.started, "the server to start")

    def municipalities_indexed() -> bool:
        """The worker loads the 5,571 municipalities in IBGE-code order: the last one is DF's."""
        with live.api() as api:
            found = api.get("/api/v1/municipalities", params={"q": "brasilia", "uf": "DF"})
        return found.status_code == 200 and any(m["ibge_code"] == 5300108 for m in found.json())

    live.wait_until(municipalities_indexed, "the worker to set the indexes up", timeout_s=60)
    yield live
    server.should_exit = True
    thread.join(timeout=20)


# One Playwright and one Chromium per test process: another folder's conftest that imports
# these fixtures gets its own session fixture, and a second sync_playwright() in the same
# process fails ("Sync API inside the asyncio loop"), so every copy shares this one.
_shared: dict[str, Any] = {"users": 0}


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    if not _shared["users"]:
        _shared["playwright"] = sync_playwright()
        engine = _shared["playwright"].__enter__()
        _shared["browser"] = engine.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
    _shared["users"] += 1
    yield _shared["browser"]
    _shared["users"] -= 1
    if not _shared["users"]:
        _shared["browser"].close()
        _shared["playwright"].__exit__(None, None, None)


@pytest.fixture
def browser_page(chromium: Browser, live_server: LiveServer) -> Callable[..., Page]:
    """New isolated browser sessions (one per person) on the live server; `zoom` shows the page
    as at that browser zoom (the viewport shrinks by it), `scripts=False` turns JavaScript off."""
    contexts: list[BrowserContext] = []

    def open_page(
        viewport: dict[str, int] = DESKTOP,
        locale: str = "pt-BR",
        zoom: float = 1,
        scripts: bool = True,
    ) -> Page:
        context = chromium.new_context(
            base_url=live_server.url,
            viewport={side: round(size / zoom) for side, size in viewport.items()},
            device_scale_factor=zoom,
            java_script_enabled=scripts,
            locale=locale,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def shot(page: Page, name: str) -> None:
    """A full-page screenshot at phone and desktop widths (artifacts/, git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
        # What a person sees first, without scrolling.
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}-first-screen.png"))
    if size:
        page.set_viewport_size(size)
