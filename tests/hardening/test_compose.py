"""compose.yaml stays true to the code (Docker does not run here): every PARTILHA_* variable it
sets is one the app or its start scripts read, the files it mounts are in the repository, the
app believes X-Forwarded-For from the proxy only, and the search URLs name its Meilisearch
services."""

import ipaddress
import re
from typing import Any

import pytest
import yaml

from app.config import PROJECT_ROOT, Settings

COMPOSE = PROJECT_ROOT / "compose.yaml"
START_SCRIPTS = ("scripts/start.sh", "scripts/metrics-dir.sh")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return loaded


def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = compose["services"]
    return found


def known_variables() -> set[str]:
    """PARTILHA_* read by Settings, or by the scripts that start the app."""
    settings = {f"PARTILHA_{name.upper()}" for name in Settings.model_fields}
    scripts = "".join((PROJECT_ROOT / path).read_text() for path in START_SCRIPTS)
    return settings | set(re.findall(r"PARTILHA_[A-Z0-9_]+", scripts))


class TestVariables:
    def test_every_partilha_variable_is_read_by_something(self, compose: dict[str, Any]) -> None:
        unknown = {
            f"{name}: {variable}"
            for name, service in services(compose).items()
            for variable in service.get("environment", {})
            if variable.startswith("PARTILHA_") and variable not in known_variables()
        }
        assert unknown == set()

    def test_the_app_feeds_both_meilisearch_services(self, compose: dict[str, Any]) -> None:
        app = services(compose)["app"]
        urls = app["environment"]["PARTILHA_MEILI_URLS"].split(",")
        assert Settings(meili_urls=",".join(urls)).meili_urls == urls  # type: ignore[arg-type]
        hosts = {url.removeprefix("http://").split(":")[0] for url in urls}
        assert hosts == {"meilisearch-1", "meilisearch-2"} <= set(services(compose))
        assert set(app["depends_on"]) == {"db", *hosts}


class TestProxy:
    def test_its_mounted_files_are_in_the_repository(self, compose: dict[str, Any]) -> None:
        mounts = [v.split(":")[0] for v in services(compose)["proxy"]["volumes"]]
        assert mounts and all(m.startswith("./") for m in mounts)
        for mount in mounts:
            assert (PROJECT_ROOT / mount).is_file(), mount

    def test_the_app_believes_forwarded_addresses_from_the_proxy_only(
        self, compose: dict[str, Any]
    ) -> None:
        proxy, app = services(compose)["proxy"], services(compose)["app"]
        proxy_ip = proxy["networks"]["front"]["ipv4_address"]
        assert app["environment"]["FORWARDED_ALLOW_IPS"] == proxy_ip
        [front] = compose["networks"]["front"]["ipam"]["config"]
        dynamic = ipaddress.ip_network(front["ip_range"])
        assert ipaddress.ip_address(proxy_ip) in ipaddress.ip_network(front["subnet"])
        assert ipaddress.ip_address(proxy_ip) not in dynamic  # no container can take it
        assert "--proxy-headers" in (PROJECT_ROOT / "scripts/start.sh").read_text()

    def test_only_the_proxy_is_published(self, compose: dict[str, Any]) -> None:
        published = {name for name, s in services(compose).items() if s.get("ports")}
        assert published == {"proxy"}
        caddyfile = (PROJECT_ROOT / "deploy/Caddyfile").read_text()
        assert "dynamic a app 8000" in caddyfile  # every replica of the app service
