"""The development secret (anyone can sign an admin token with it) and the demo accounts
(public passwords) never face the network: the settings refuse to listen beyond loopback
with them, and a server started by hand on every address answers only loopback connections."""

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.config import DEV_SECRET, Settings, get_settings
from app.main import create_app

SECRET = "a-real-secret-of-forty-random-characters"


class TestSettings:
    @pytest.mark.parametrize(
        ("values", "named"),
        [
            ({"host": "0.0.0.0"}, "PARTILHA_SECRET_KEY"),
            ({"host": "0.0.0.0", "secret_key": SECRET}, "PARTILHA_ENV=prod"),
            ({"host": "::", "secret_key": DEV_SECRET, "env": "test"}, "PARTILHA_SECRET_KEY"),
            ({"host": "192.0.2.10", "secret_key": SECRET, "env": "dev"}, "demo accounts"),
        ],
    )
    def test_refuse_to_listen_beyond_loopback_in_dev_or_with_the_dev_secret(
        self, values: dict[str, str], named: str
    ):
        with pytest.raises(ValidationError) as refused:
            Settings(**values)  # type: ignore[arg-type]
        assert "refusing to listen on PARTILHA_HOST" in str(refused.value)
        assert named in str(refused.value)

    @pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost"])
    def test_loopback_in_dev_is_what_make_run_does(self, host: str):
        assert Settings(host=host, env="dev").host == host

    def test_the_docker_image_settings_pass(self):
        """Dockerfile: PARTILHA_ENV=prod, PARTILHA_HOST=0.0.0.0; compose sets the secrets."""
        settings = Settings(host="0.0.0.0", env="prod", secret_key=SECRET, meili_key="k" * 16)
        assert settings.host == "0.0.0.0"


class TestServerStartedByHand:
    def test_with_the_dev_secret_only_loopback_connections_are_answered(self, env: None):
        app = create_app()  # env=test with the development secret, as the suite runs
        outside = TestClient(app, base_url="http://192.0.2.10:8000").get("/healthz")
        assert outside.status_code == 503
        assert outside.headers["content-type"] == "application/problem+json"
        assert "answers only on loopback" in outside.json()["detail"]
        assert TestClient(app, base_url="http://127.0.0.1:8000").get("/healthz").status_code == 200
        assert TestClient(app, base_url="http://[::1]:8000").get("/healthz").status_code == 200

    def test_with_a_real_secret_outside_dev_every_address_is_answered(
        self, env: None, monkeypatch: pytest.MonkeyPatch
    ):
        monkeypatch.setenv("PARTILHA_SECRET_KEY", SECRET)
        get_settings.cache_clear()
        outside = TestClient(create_app(), base_url="http://192.0.2.10:8000")
        assert outside.get("/healthz").status_code == 200
