"""Replications on the public pages: the practice page says where it was replicated (by whom,
how it goes, what was adapted) in the reader's language, the municipality page lists the
practices replicated there, and the replication's contact never reaches any page."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.builders import auth, publish, publish_replication, replication_payload
from tests.places import SAO_PAULO
from tests.web.conftest import People
from tests.web.helpers import read_page as _page
from tests.web.helpers import sign_in

PRIVATE_EMAIL = "ana.privada@exemplo.org"


@pytest.fixture
def replicated(client: TestClient, people: People) -> dict[str, Any]:
    """A practice of Cáritas Roraima, replicated in São Paulo by Missão Paz."""
    practice = publish(client, people.contributor, people.curator)
    publish_replication(client, people.other_contributor, people.curator, practice["id"])
    return practice


class TestPracticePage:
    def test_lists_the_replication_in_portuguese(
        self, client: TestClient, replicated: dict[str, Any]
    ):
        page = _page(client, f"/praticas/{replicated['id']}")
        assert '<h2 id="replications-title">Replicada em</h2>' in page
        assert f'<a href="/municipios/{SAO_PAULO}">São Paulo/SP</a>' in page
        section = page.split('id="replications-title"')[1]
        assert "Missão Paz" in section
        assert "Em andamento" in section and "desde " in section
        assert "O que foi adaptado" in section
        assert "Turmas à noite" in section  # the adaptations, through the Markdown helper
        assert "<p>Turmas à noite" in section

    def test_lists_the_replication_in_spanish(self, client: TestClient, replicated: dict[str, Any]):
        page = _page(client, f"/praticas/{replicated['id']}", "es")
        assert "Replicada en" in page
        section = page.split('id="replications-title"')[1]
        assert "São Paulo/SP" in section and "Missão Paz" in section
        assert "En curso" in section and "Qué se adaptó" in section
        assert "Em andamento" not in section

    def test_a_practice_without_replications_has_no_such_section(
        self, client: TestClient, people: People
    ):
        practice = publish(client, people.contributor, people.curator)
        page = _page(client, f"/praticas/{practice['id']}")
        assert "replications-title" not in page and "Replicada em" not in page

    def test_an_unpublished_replication_is_not_listed(self, client: TestClient, people: People):
        practice = publish(client, people.contributor, people.curator)
        draft = replication_payload(practice["id"])
        created = client.post(
            "/api/v1/replications", json=draft, headers=auth(people.other_contributor)
        )
        assert created.status_code == 201, created.text
        assert "replications-title" not in _page(client, f"/praticas/{practice['id']}")
        assert "replicated-here" not in _page(client, f"/municipios/{SAO_PAULO}")


class TestMunicipalityPage:
    def test_lists_the_practice_replicated_there(
        self, client: TestClient, replicated: dict[str, Any]
    ):
        page = _page(client, f"/municipios/{SAO_PAULO}")
        assert "Práticas replicadas aqui" in page
        section = page.split('id="replicated-here"')[1]
        assert f'href="/praticas/{replicated["id"]}#replicacoes"' in section
        assert replicated["revision"]["content"]["title"] in section
        assert "Missão Paz" in section and "Em andamento" in section

    def test_in_spanish(self, client: TestClient, replicated: dict[str, Any]):
        page = _page(client, f"/municipios/{SAO_PAULO}", "es")
        assert "Prácticas replicadas aquí" in page and "En curso" in page

    def test_a_municipality_without_replications_has_no_such_section(
        self, client: TestClient, replicated: dict[str, Any]
    ):
        assert "replicated-here" not in _page(client, "/municipios/1400100")


class TestPrivacy:
    @pytest.mark.parametrize("lang", ["pt-BR", "es", "en", "fr"])
    def test_the_contact_never_appears(
        self, client: TestClient, replicated: dict[str, Any], lang: str
    ):
        for path in (f"/praticas/{replicated['id']}", f"/municipios/{SAO_PAULO}", "/"):
            assert PRIVATE_EMAIL not in _page(client, path, lang)
            assert "9999-0000" not in _page(client, path, lang)


class TestAuthorsDashboard:
    def test_the_author_hears_that_their_practice_was_replicated(
        self, client: TestClient, people: People
    ) -> None:
        practice = publish(client, people.contributor, people.curator)
        replication = publish_replication(
            client, people.other_contributor, people.curator, practice["id"], ibge_code=SAO_PAULO
        )
        page = _signed_in_page(client, people.contributor, "/minhas-praticas")
        assert "Suas práticas estão se espalhando" in page
        assert f'href="/replicacoes/{replication["id"]}"' in page
        assert "São Paulo/SP" in page
        elsewhere = _signed_in_page(client, people.other_contributor, "/minhas-praticas")
        assert "Suas práticas estão se espalhando" not in elsewhere


def _signed_in_page(client: TestClient, user: Any, path: str) -> str:
    reader = TestClient(client.app)  # its own cookies: one person at a time
    sign_in(reader, user)
    response = reader.get(path)
    assert response.status_code == 200, response.text
    return response.text
