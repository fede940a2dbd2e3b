"""Replications in the web: curators find a submitted one in the queue and review it like any
kind (its checklist, separation of duties); the public reads a published one at
/replicacoes/{id} (never its contact); a member of an organisation reports one through the
form from the practice page."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import Organisation
from tests.builders import (
    auth,
    make_user,
    publish,
    publish_replication,
    replication_payload,
    required_checklist,
)
from tests.web.conftest import People
from tests.web.helpers import post_form, review_post, sign_in

PRIVATE_EMAIL = "ana.privada@exemplo.org"


@pytest.fixture
def practice(client: TestClient, people: People) -> dict[str, Any]:
    """A published practice of Cáritas Roraima."""
    return publish(client, people.contributor, people.curator)


def _submitted(client: TestClient, people: People, practice_id: int) -> dict[str, Any]:
    """A replication reported and sent to curation by Missão Paz."""
    owner = auth(people.other_contributor)
    created = client.post(
        "/api/v1/replications", json=replication_payload(practice_id), headers=owner
    )
    assert created.status_code == 201, created.text
    rid = created.json()["id"]
    sent = client.post(f"/api/v1/replications/{rid}/submit", headers=owner)
    assert sent.status_code == 200, sent.text
    return created.json()


def _anonymous(client: TestClient, path: str) -> Any:
    return TestClient(client.app).get(path)  # no session cookie


class TestReview:
    def test_the_queue_links_to_the_review_page(
        self, client: TestClient, people: People, practice: dict[str, Any]
    ):
        replication = _submitted(client, people, practice["id"])
        sign_in(client, people.curator)
        queue = client.get("/curadoria").text
        assert f'href="/curadoria/replicacoes/{replication["id"]}"' in queue
        assert "(replicação)" in queue

    def test_a_curator_approves_it_with_the_checklist(
        self, client: TestClient, people: People, practice: dict[str, Any]
    ):
        replication = _submitted(client, people, practice["id"])
        review = f"/curadoria/replicacoes/{replication['id']}"
        sign_in(client, people.curator)
        page = client.get(review)
        assert page.status_code == 200, page.text
        assert practice["revision"]["content"]["title"] in page.text
        assert f'href="/praticas/{practice["id"]}"' in page.text
        assert "São Paulo/SP" in page.text and "Turmas à noite" in page.text
        assert PRIVATE_EMAIL in page.text  # curators see the contact
        assert review_post(client, review, "assumir").status_code == 303
        claimed_page = client.get(review).text
        assert "O relato descreve de fato uma replicação" in claimed_page  # its own checklist
        answers = {f"criterion.{c}": v for c, v in required_checklist("replication").items()}
        decided = review_post(client, review, "decisao", outcome="approve", **answers)
        assert decided.status_code == 303, decided.text
        on_practice = _anonymous(client, f"/praticas/{practice['id']}").text
        assert f'href="/replicacoes/{replication["id"]}"' in on_practice
        public = _anonymous(client, f"/replicacoes/{replication['id']}")
        assert public.status_code == 200
        assert "Turmas à noite" in public.text

    def test_a_curator_of_the_replicating_organisation_may_not_decide(
        self, client: TestClient, session: Session, people: People, practice: dict[str, Any]
    ):
        replication = _submitted(client, people, practice["id"])
        replicating = session.get(Organisation, people.other_contributor.organisation_id)
        curator = make_user(session, "curator", replicating, email="cur@missaopaz.org")
        sign_in(client, curator)
        page = client.get(f"/curadoria/replicacoes/{replication['id']}").text
        assert "Enviado pela sua própria organização" in page
        assert "/decisao" not in page and "/assumir" not in page


class TestPublicPage:
    def test_shows_the_facts_and_never_the_contact(
        self, client: TestClient, people: People, practice: dict[str, Any]
    ):
        replication = publish_replication(
            client, people.other_contributor, people.curator, practice["id"]
        )
        response = _anonymous(client, f"/replicacoes/{replication['id']}")
        assert response.status_code == 200
        page = response.text
        assert PRIVATE_EMAIL not in page and "Ana Souza" not in page and "9999-0000" not in page
        assert f'href="/praticas/{practice["id"]}"' in page
        assert "Missão Paz" in page and "São Paulo/SP" in page and "Em andamento" in page
        assert "famílias atendidas" in page and "https://exemplo.org/replicacao" in page
        assert '<meta property="og:title"' in page
        assert f"/praticas/{practice['id']}/imagem.png" in page  # its practice's image
        spanish = TestClient(client.app).get(
            f"/replicacoes/{replication['id']}", headers={"Accept-Language": "es"}
        )
        assert "En curso" in spanish.text and "Qué se adaptó" in spanish.text

    def test_a_draft_is_not_found(
        self, client: TestClient, people: People, practice: dict[str, Any]
    ):
        created = client.post(
            "/api/v1/replications",
            json=replication_payload(practice["id"]),
            headers=auth(people.other_contributor),
        )
        assert created.status_code == 201, created.text
        assert _anonymous(client, f"/replicacoes/{created.json()['id']}").status_code == 404


def _form(practice_id: int, **overrides: str) -> dict[str, object]:
    """What a member of Missão Paz types into the form."""
    form: dict[str, object] = {
        "practice_id": str(practice_id),
        "municipality": "3550308",
        "start_date": "2025-03-01",
        "end_date": "",
        "status": "running",
        "adaptations": "Aulas aos sábados, porque as famílias trabalham durante a semana.",
        "results": "Duas turmas no primeiro semestre.",
        "figures": "Famílias atendidas: 48",
        "links": "https://missaopaz.org/replicacao",
        "contact_name": "Rui Contato",
        "contact_email": "rui.privado@missaopaz.org",
        "action": "submit",
    }
    form.update(overrides)
    return form


class TestReporting:
    def test_reports_one_from_the_practice_page(
        self, client: TestClient, people: People, practice: dict[str, Any]
    ):
        sign_in(client, people.other_contributor)
        practice_page = client.get(f"/praticas/{practice['id']}").text
        new = f"/replicacoes/nova?pratica={practice['id']}"
        assert f'href="{new}"' in practice_page and "Replicamos esta prática" in practice_page
        form_page = client.get(new)
        assert form_page.status_code == 200
        assert "Relatar uma replicação" in form_page.text
        assert practice["revision"]["content"]["title"] in form_page.text

        refused = post_form(
            client, "/replicacoes/nova", new, _form(practice["id"], end_date="2024-12-31")
        )
        assert refused.status_code == 422
        assert 'id="err-end_date"' in refused.text
        assert "A data de término é anterior à de início." in refused.text
        assert "Aulas aos sábados" in refused.text  # what was typed is kept
        assert 'value="Rui Contato"' in refused.text

        sent = post_form(client, "/replicacoes/nova", new, _form(practice["id"]))
        assert sent.status_code == 303, sent.text
        mine = client.get(sent.headers["location"]).text
        assert "Replicações da minha organização" in mine
        assert "São Paulo/SP" in mine
        listing = client.get("/api/v1/replications", headers=auth(people.other_contributor))
        item = listing.json()["items"][0]
        assert item["status"] == "submitted"
        assert item["revision"]["content"]["figures"] == [
            {"label": "Famílias atendidas", "value": 48.0, "unit": ""}
        ]

    def test_an_unknown_practice_is_refused_beside_its_field(
        self, client: TestClient, people: People
    ):
        sign_in(client, people.other_contributor)
        refused = post_form(
            client, "/replicacoes/nova", "/replicacoes/nova?pratica=999999", _form(999999)
        )
        assert refused.status_code == 422
        assert 'id="err-practice_id"' in refused.text
        assert "Esta prática não existe." in refused.text
