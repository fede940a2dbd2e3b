"""Reading what the app logs (stderr, one JSON object per line) and what /metrics exposes."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlmodel import Session

from app.accounts.models import User
from tests.builders import create_practice, make_org, make_user
from tests.webhooks.conftest import partners, receiver  # noqa: F401 - fixtures used here too

LOOPBACK = ("127.0.0.1", 50000)


def owned_draft(client: TestClient, session: Session) -> tuple[User, dict[str, Any]]:
    """A contributor of a new organisation and a draft practice of theirs."""
    owner = make_user(session, "contributor", make_org(session))
    return owner, create_practice(client, owner)


class Logs:
    """The lines the app wrote to stderr since the last read, parsed."""

    def __init__(self, capsys: pytest.CaptureFixture[str]):
        self.capsys = capsys
        self.text = ""

    def read(self) -> list[dict[str, Any]]:
        err = self.capsys.readouterr().err
        self.text += err
        return [json.loads(line) for line in err.splitlines() if line.startswith("{")]

    def access(self) -> list[dict[str, Any]]:
        return [line for line in self.read() if line["logger"] == "partilha.access"]


@pytest.fixture
def logs(capsys: pytest.CaptureFixture[str]) -> Logs:
    return Logs(capsys)


class Scraper:
    def __init__(self, client: TestClient):
        self.client = client

    def text(self) -> str:
        response = self.client.get("/metrics")
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/plain")
        return response.text

    def value(self, name: str, **labels: str) -> float | None:
        """One sample (exact name, e.g. ..._count), or None when it is not exposed."""
        for family in text_string_to_metric_families(self.text()):
            for sample in family.samples:
                wanted = all(sample.labels.get(k) == v for k, v in labels.items())
                if sample.name == name and wanted:
                    return float(sample.value)
        return None


@pytest.fixture
def scraper(env: None) -> Iterator[Scraper]:
    """A client on loopback, as a Prometheus on the same host (no token needed)."""
    from app.main import create_app

    with TestClient(create_app(), client=LOOPBACK) as c:
        yield Scraper(c)
