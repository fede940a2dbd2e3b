"""Search limits: per client address, the same budget whichever app process answers (blocks
reserved from the shared counter, spent in memory: app/ratelimits/leases.py)."""

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi import FastAPI

from app.config import get_settings
from app.db import get_engine, utcnow
from app.ratelimits.service import window_start
from app.search import maintenance
from app.search.server import MeiliProcess
from tests.conftest import _drop_indexes
from tests.ratelimits.conftest import assert_limited, buckets, from_ip, limiter, make_app

SEARCH = "/api/v1/search/practices"
PREFIX = f"rl{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def shared_indexes(meili: MeiliProcess) -> Iterator[dict[str, bool]]:
    """One set of indexes for the module (building the municipalities' takes seconds)."""
    state = {"built": False}
    yield state
    _drop_indexes(meili, PREFIX)


@pytest.fixture
def indexes(app: FastAPI, shared_indexes: dict[str, bool], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTILHA_MEILI_INDEX_PREFIX", PREFIX)
    get_settings.cache_clear()
    if not shared_indexes["built"]:
        maintenance.setup(get_engine(), get_settings())  # no practices: searches answer 200
        shared_indexes["built"] = True


class TestSearchPerAddress:
    def test_the_search_after_the_limit_is_refused(self, app: FastAPI, indexes: None):
        client = from_ip(app, "203.0.113.5")
        for _ in range(4):
            assert client.get(SEARCH, params={"q": "abrigo"}).status_code == 200
        refused = client.get(SEARCH, params={"q": "abrigo"})
        assert_limited(refused, "search_ip")
        assert "searches from this address" in refused.json()["detail"]
        # Blocks of one search at this budget: the fourth reached the limit, the fifth asked
        # nobody.
        assert [(b.key, b.hits) for b in buckets()] == [("search_ip:ip:203.0.113.5", 4)]

    def test_practices_policies_and_autocomplete_share_the_budget(
        self, app: FastAPI, indexes: None
    ):
        client = from_ip(app, "203.0.113.5")
        assert client.get(SEARCH).status_code == 200
        assert client.get("/api/v1/policies").status_code == 200
        assert client.get("/api/v1/municipalities", params={"q": "boa"}).status_code == 200
        assert client.get("/busca", params={"q": "abrigo"}).status_code == 200
        assert_limited(client.get("/api/v1/municipalities", params={"q": "boa"}), "search_ip")

    def test_another_address_still_searches(self, app: FastAPI, indexes: None):
        for _ in range(5):
            from_ip(app, "203.0.113.5").get(SEARCH)
        assert from_ip(app, "198.51.100.9").get(SEARCH).status_code == 200

    def test_the_next_window_gives_the_budget_back(self, app: FastAPI, indexes: None):
        start = window_start(utcnow(), 60)
        limiter(app).clock = lambda: start + timedelta(seconds=45)
        client = from_ip(app, "203.0.113.5")
        for _ in range(4):
            client.get(SEARCH)
        assert assert_limited(client.get(SEARCH), "search_ip") == 15
        limiter(app).clock = lambda: start + timedelta(seconds=60)
        assert client.get(SEARCH).status_code == 200

    def test_another_process_refuses_a_used_up_budget(self, app: FastAPI, indexes: None):
        for _ in range(4):
            assert from_ip(app, "203.0.113.5").get(SEARCH).status_code == 200
        other_process = from_ip(make_app(), "203.0.113.5")
        assert_limited(other_process.get(SEARCH), "search_ip")
        assert other_process.get(SEARCH, params={"q": "abrigo"}).status_code == 429


class TestSearchPages:
    def test_the_results_page_shows_the_message(self, app: FastAPI, indexes: None):
        browser = from_ip(app, "203.0.113.5")
        browser.cookies.set("partilha_lang", "en")
        for _ in range(4):
            assert browser.get("/politicas").status_code == 200
        page = browser.get("/busca", params={"q": "abrigo"})
        assert page.status_code == 429
        assert page.headers["content-type"].startswith("text/html")
        assert "Too many attempts. Wait a few minutes and try again." in page.text
        assert "You can try again in 1 minute." in page.text
        assert int(page.headers["Retry-After"]) <= 60
