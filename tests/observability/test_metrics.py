"""GET /metrics: what an operator's Prometheus reads, computed from real requests, the real
database and a real Meilisearch client; protected by a token or limited to loopback."""

import socket
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import get_settings
from app.db import get_engine, utcnow
from app.search.sync import sync_once
from tests.builders import auth, make_org, make_user, publish
from tests.observability.conftest import Scraper, owned_draft
from tests.webhooks.conftest import Partners, Receiver

TOKEN = "metrics-token-0123456789abcdef"
LATENCY = "partilha_http_request_duration_seconds_count"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class TestRequestLatency:
    def test_a_request_is_counted_under_its_route_template(
        self, client: TestClient, session: Session, scraper: Scraper
    ) -> None:
        owner, practice = owned_draft(client, session)
        labels = {"method": "GET", "route": "/api/v1/practices/{practice_id}", "status": "200"}
        before = scraper.value(LATENCY, **labels) or 0

        assert client.get(f"/api/v1/practices/{practice['id']}", headers=auth(owner)).is_success

        assert scraper.value(LATENCY, **labels) == before + 1
        bucket = scraper.value("partilha_http_request_duration_seconds_bucket", le="+Inf", **labels)
        assert bucket == before + 1
        assert f'route="/api/v1/practices/{practice["id"]}"' not in scraper.text()


class TestOutboxBacklog:
    def test_pending_events_and_their_age_rise_on_publish_and_fall_after_sync(
        self, client: TestClient, session: Session, scraper: Scraper
    ) -> None:
        assert scraper.value("partilha_database_up") == 1
        assert scraper.value("partilha_outbox_pending_events") == 0
        assert scraper.value("partilha_outbox_oldest_pending_age_seconds") == 0

        org = make_org(session)
        publish(client, make_user(session, "contributor", org), make_user(session, "curator"))

        pending = scraper.value("partilha_outbox_pending_events")
        assert pending is not None and pending >= 1
        age = scraper.value("partilha_outbox_oldest_pending_age_seconds")
        assert age is not None and age > 0

        session.commit()
        sync_once(get_engine(), get_settings())

        assert scraper.value("partilha_outbox_pending_events") == 0
        assert scraper.value("partilha_outbox_oldest_pending_age_seconds") == 0


class TestCurationQueue:
    def test_a_submitted_practice_is_counted_with_its_waiting_time(
        self, client: TestClient, session: Session, scraper: Scraper
    ) -> None:
        queue, age = "partilha_curation_queue_size", "partilha_curation_queue_oldest_age_seconds"
        assert scraper.value(queue, kind="practice") == 0
        owner, practice = owned_draft(client, session)
        assert scraper.value(queue, kind="practice") == 0  # a draft does not wait for anyone

        submitted = client.post(f"/api/v1/practices/{practice['id']}/submit", headers=auth(owner))
        assert submitted.status_code == 200, submitted.text

        assert scraper.value(queue, kind="practice") == 1
        assert scraper.value(queue, kind="policy") == 0
        waited = scraper.value(age, kind="practice")
        assert waited is not None and waited > 0
        assert scraper.value(age, kind="policy") == 0


class TestWebhookBacklog:
    def test_deliveries_waiting_for_a_retry_are_counted(
        self, partners: Partners, receiver: Receiver, scraper: Scraper
    ) -> None:
        receiver.answers = [503]
        partners.hook(receiver.url, ["practice.published"])
        partners.publish()
        partners.dispatch()  # the partner answers 503: the delivery waits for its retry

        assert scraper.value("partilha_webhook_deliveries_pending") == 1
        age = scraper.value("partilha_webhook_oldest_pending_age_seconds")
        assert age is not None and age > 0

        partners.dispatch(now=utcnow() + timedelta(hours=2))  # the retry is due: delivered

        assert scraper.value("partilha_webhook_deliveries_pending") == 0


class TestMeilisearchErrors:
    def test_a_search_while_meilisearch_is_unreachable_is_counted(
        self, client: TestClient, scraper: Scraper, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        name = "partilha_meilisearch_errors_total"
        before = scraper.value(name, operation="search_practices") or 0
        others = scraper.value(name, operation="search_policies") or 0

        # Nothing listens there: the real client's connection is refused.
        monkeypatch.setenv("PARTILHA_MEILI_URL", f"http://127.0.0.1:{closed_port()}")
        get_settings.cache_clear()
        response = client.get("/api/v1/search/practices", params={"q": "abrigo"})

        assert response.status_code == 503
        assert scraper.value(name, operation="search_practices") == before + 1
        assert (scraper.value(name, operation="search_policies") or 0) == others


class TestDatabaseDown:
    def test_the_scrape_still_answers_and_says_the_database_is_down(
        self, scraper: Scraper, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        get_engine().dispose()
        unreachable = tmp_path / "no-such-dir" / "partilha.db"  # SQLite cannot open it
        monkeypatch.setenv("PARTILHA_DATABASE_URL", f"sqlite:///{unreachable}")
        get_settings.cache_clear()
        get_engine.cache_clear()

        assert scraper.value("partilha_database_up") == 0
        assert scraper.value("partilha_outbox_pending_events") is None  # unknown, not 0
        assert scraper.value("partilha_curation_queue_size", kind="practice") is None


class TestAccess:
    def test_without_a_token_only_loopback_clients_may_scrape(
        self, client: TestClient, scraper: Scraper
    ) -> None:
        response = client.get("/metrics")  # TestClient's address is "testclient"
        assert response.status_code == 403
        assert response.headers["content-type"] == "application/problem+json"
        assert "PARTILHA_METRICS_TOKEN" in response.json()["detail"]
        assert "partilha_" not in response.text
        assert scraper.client.get("/metrics").status_code == 200

    def test_with_a_token_every_client_needs_it(
        self, client: TestClient, scraper: Scraper, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("PARTILHA_METRICS_TOKEN", TOKEN)
        get_settings.cache_clear()

        for anyone in (client, scraper.client):  # loopback too
            missing = anyone.get("/metrics")
            assert missing.status_code == 401
            assert missing.headers["WWW-Authenticate"] == "Bearer"
            wrong = anyone.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}x"})
            assert wrong.status_code == 401
            right = anyone.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
            assert right.status_code == 200
            assert "partilha_database_up 1.0" in right.text

    def test_a_short_token_is_refused_at_start(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PARTILHA_METRICS_TOKEN", "short")
        get_settings.cache_clear()
        try:
            with pytest.raises(ValueError, match="metrics_token"):
                get_settings()
        finally:
            get_settings.cache_clear()

    def test_metrics_are_not_in_the_api_schema(self, client: TestClient) -> None:
        assert "/metrics" not in client.get("/openapi.json").json()["paths"]
