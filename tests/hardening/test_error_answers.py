"""What an error answer carries: a 500 tells a kept-alive client the connection closes, and
the problems the middlewares answer themselves (413, NUL, nesting) quote the request id."""

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
    def test_a_413_quotes_the_request_id(self, client: TestClient) -> None:
        response = client.post(
            "/api/v1/practices",
            content=b"x" * 1_000_001,
            headers={"Content-Type": "application/json", "X-Request-ID": "grande-1"},
        )
        assert response.status_code == 413
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["request_id"] == "grande-1" == response.headers["X-Request-ID"]

    def test_a_413_declared_by_content_length_too(self, client: TestClient) -> None:
        response = client.post(
            "/api/v1/practices",
            content=b"x" * 2_000_000,
            headers={"Content-Length": "2000000", "Content-Type": "application/json"},
        )
        assert response.status_code == 413
        assert response.json()["request_id"] == response.headers["X-Request-ID"]

    def test_nul_and_nesting_refusals_quote_it(self, client: TestClient) -> None:
        for content in (b'{"title": "a\\u0000b"}', nested(100).encode()):
            response = client.post(
                "/api/v1/practices",
                content=content,
                headers={"Content-Type": "application/json", "X-Request-ID": "r-9"},
            )
            assert response.status_code in (400, 422)
            assert response.json()["request_id"] == "r-9"
