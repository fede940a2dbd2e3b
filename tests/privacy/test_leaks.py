"""Private contact data (e-mail, phone) never reaches anyone outside the owning organisation
and the curators: every read path, walked as an anonymous visitor and as a member of another
organisation. A consent withdrawn by an edit hides the contact at once, before curation."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import User
from app.config import get_settings
from app.db import get_engine
from app.search.sync import sync_once
from app.webhooks.dispatch import fan_out
from tests.builders import auth
from tests.opendata.settle import wait_until_settled
from tests.privacy.conftest import CONSENTED, SECRETS, People, Practices
from tests.web.helpers import sign_in

EXPORTS = [f"/api/v1/exports/{d}.{f}" for d in ("practices",) for f in ("csv", "json", "ndjson")]


def api_paths(practices: Practices) -> list[str]:
    paths = [
        "/api/v1/practices",
        "/api/v1/practices?per_page=100",
        "/api/v1/changes?limit=1000",
        "/feeds/practices.atom",
        "/data.json",
        "/api/v1/search/practices?q=",
        "/api/v1/curation/queue",
        "/api/v1/practices?mine=true",
        "/api/v1/me/export",
        "/api/v1/admin/audit",
        *EXPORTS,
    ]
    for pid in practices.ids:
        paths += [
            f"/api/v1/practices/{pid}",
            f"/api/v1/practices/{pid}/history",
            f"/api/v1/practices/{pid}/consents",
        ]
    return paths


def web_paths(practices: Practices) -> list[str]:
    paths = ["/", "/busca", "/busca?q=portugues", "/minhas-praticas", "/curadoria"]
    for pid in practices.ids:
        paths += [f"/praticas/{pid}", f"/praticas/{pid}/editar", f"/curadoria/praticas/{pid}"]
    return paths


def leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def walk(client: TestClient, paths: list[str], user: User | None) -> Iterator[tuple[str, str]]:
    headers = auth(user) if user and paths[0].startswith("/api") else {}
    for path in paths:
        response = client.get(path, headers=headers)
        assert response.status_code < 500, (path, response.text)
        yield path, response.text


@pytest.fixture
def settled(people: People, practices: Practices, session: Session) -> Practices:
    session.commit()
    wait_until_settled()
    assert sync_once(get_engine(), get_settings(), ignore_backoff=True).failed == 0
    return practices


class TestNoLeak:
    @pytest.mark.parametrize("who", ["anonymous", "outsider"])
    def test_api_and_open_data(self, people: People, settled: Practices, who: str) -> None:
        user = people.outsider if who == "outsider" else None
        seen = dict(walk(people.client, api_paths(settled), user))
        found = {path: leaks(text) for path, text in seen.items() if leaks(text)}
        assert found == {}
        # The walk reads real content: the consented contact and the titles are public.
        assert CONSENTED["email"] in seen[f"/api/v1/practices/{settled.consented['id']}"]
        assert CONSENTED["email"] in seen["/api/v1/exports/practices.csv"]
        assert "Aulas de português" in seen["/api/v1/exports/practices.json"]

    def test_offline_bundle(self, people: People, settled: Practices) -> None:
        response = people.client.get("/api/v1/exports/bundle?uf=RR")
        assert response.status_code == 200
        assert CONSENTED["email"].encode() in response.content
        assert [s for s in SECRETS if s.encode() in response.content] == []

    @pytest.mark.parametrize("who", ["anonymous", "outsider"])
    def test_web_pages(self, people: People, settled: Practices, who: str) -> None:
        if who == "outsider":
            sign_in(people.client, people.outsider)
        seen = dict(walk(people.client, web_paths(settled), None))
        found = {path: leaks(text) for path, text in seen.items() if leaks(text)}
        assert found == {}
        assert CONSENTED["email"] in seen[f"/praticas/{settled.consented['id']}"]

    def test_webhook_payloads(self, people: People, settled: Practices) -> None:
        hook = people.client.post(
            "/api/v1/webhooks",
            json={
                "url": "http://127.0.0.1:9/hook",
                "events": ["practice.published"],
                "allow_private": True,
            },
            headers=auth(people.admin),
        )
        assert hook.status_code == 201, hook.text
        people.patch(people.owner, settled.consented["id"], contact_public=False)
        wait_until_settled()
        fan_out(get_engine())
        log = people.client.get(
            f"/api/v1/webhooks/{hook.json()['id']}/deliveries", headers=auth(people.admin)
        )
        assert log.status_code == 200 and log.json()["items"], log.text
        assert leaks(log.text) == [] and CONSENTED["email"] not in log.text


class TestManagersSeeIt:
    """The other side: the owning organisation and the curators are served the contact."""

    @pytest.mark.parametrize("who", ["owner", "colleague", "curator", "admin"])
    def test_practice_read(self, people: People, settled: Practices, who: str) -> None:
        user: User = getattr(people, who)
        body = people.client.get(
            f"/api/v1/practices/{settled.private['id']}", headers=auth(user)
        ).text
        assert "paula.privada@example.org" in body and "pedro.pendente@example.org" in body
