"""What an error answer carries: a 500 tells a kept-alive client the connection closes, and
the problems the middlewares answer themselves (413, NUL, nesting) quote the request id."""

import pytest
from fastapi.testclient import TestClient

from tests.hardening.test_nesting import nested


class TestUnhandledError:
    def test_a_500_says_the_connection_closes(self, env: None) -> None:
        from app.main import create_app

        app = create_app()

        @app.get("/api/v1/test-boom")
        def _boom() -> None:
            raise RuntimeError("boom")

        @app.get("/pagina-quebrada")
        def _page_boom() -> None:
            raise RuntimeError("boom")

        with TestClient(app, raise_server_exceptions=False) as own:
            for path in ("/api/v1/test-boom", "/pagina-quebrada"):
                response = own.get(path)
                assert response.status_code == 500
                assert response.headers["connection"] == "close"
            assert own.get("/healthz").headers.get("connection") != "close"


class TestMiddlewareProblems:
    @pytest.mark.parametrize(
        ("size", "headers"),
        [
            (1_000_001, {"X-Request-ID": "grande-1"}),  # the client's own id
            (2_000_000, {"Content-Length": "2000000"}),  # declared too large; the id is ours
        ],
    )
    def test_a_413_quotes_the_request_id(
        self, client: TestClient, size: int, headers: dict[str, str]
    ) -> None:
        response = client.post(
            "/api/v1/practices",
            content=b"x" * size,
            headers={"Content-Type": "application/json", **headers},
        )
        assert response.status_code == 413
        assert response.headers["content-type"] == "application/problem+json"
        quoted = response.headers["X-Request-ID"]
        assert response.json()["request_id"] == headers.get("X-Request-ID", quoted) == quoted

    def test_nul_and_nesting_refusals_quote_it(self, client: TestClient) -> None:
        for content in (b'{"title": "a\\u0000b"}', nested(100).encode()):
            response = client.post(
                "/api/v1/practices",
                content=content,
                headers={"Content-Type": "application/json", "X-Request-ID": "r-9"},
            )
            assert response.status_code in (400, 422)
            assert response.json()["request_id"] == "r-9"
