"""What a signed-in person is served is never kept by a browser or proxy cache (it can hold a
private contact), and a site served over https tells browsers to stay on https."""

import pytest
from fastapi.testclient import TestClient

from app.config import get_settings
from tests.builders import auth
from tests.privacy.conftest import PUBLISHED_PRIVATE, People
from tests.web.helpers import sign_in


class TestNoStoreWhenAuthenticated:
    def test_api_and_pages(self, people: People) -> None:
        practice = people.publish(contact=PUBLISHED_PRIVATE)
        api = f"/api/v1/practices/{practice['id']}"
        own = people.client.get(api, headers=auth(people.owner))
        assert own.json()["revision"]["content"]["contact"] == PUBLISHED_PRIVATE
        assert own.headers["cache-control"] == "no-store"
        for path in (api, "/api/v1/me", f"{api}/consents", "/api/v1/practices?mine=true"):
            answer = people.client.get(path, headers=auth(people.curator))
            assert answer.headers["cache-control"] == "no-store", path
        # An API key (here unknown: refused) and a refused token are credentials too.
        refused = people.client.get(api, headers={"X-API-Key": "ptk_unknown"})
        assert refused.headers["cache-control"] == "no-store"
        # The public's answer holds nothing private and stays cacheable.
        assert "no-store" not in people.client.get(api).headers.get("cache-control", "")

        page = f"/praticas/{practice['id']}"
        anonymous = TestClient(people.client.app)
        assert "no-store" not in anonymous.get(page).headers.get("cache-control", "")
        sign_in(people.client, people.owner)
        for path in (page, f"{page}/editar", "/minhas-praticas"):
            shown = people.client.get(path)
            assert shown.status_code == 200, path
            assert shown.headers["cache-control"] == "no-store", path


class TestStrictTransportSecurity:
    def test_only_when_the_public_address_is_https(
        self, env: None, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from app.main import create_app

        with TestClient(create_app()) as plain:
            assert "strict-transport-security" not in plain.get("/healthz").headers
        monkeypatch.setenv("PARTILHA_PUBLIC_BASE_URL", "https://partilha.example.org")
        get_settings.cache_clear()
        with TestClient(create_app(), base_url="https://testserver") as https:
            for path in ("/healthz", "/api/v1/practices", "/"):
                hsts = https.get(path).headers["strict-transport-security"]
                assert hsts == "max-age=31536000", path
