"""Thematic calls on the site: the list and the call's page in the reader's language, the open
calls on the home page, answering a call from the practice form (its refusals beside the field,
nothing typed lost), the search of a call's answers, and the curators' form."""

import re
from datetime import timedelta
from typing import Any

import pytest
from babel.dates import format_date
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.calls.models import Call
from app.calls.service import today
from tests.builders import auth, call_day, call_payload, publish
from tests.web.conftest import People, sync_search
from tests.web.helpers import post_form, practice_form, read_page, sign_in

OPEN_TITLE = "Chamada: ensino de português"
UPCOMING_TITLE = "Chamada futura sobre saúde"
CLOSED_TITLE = "Chamada encerrada sobre trabalho"


day = call_day


def short(offset: int, locale: str = "pt_BR") -> str:
    return format_date(today() + timedelta(days=offset), "short", locale=locale)


def open_call(client: TestClient, people: People, **overrides: Any) -> dict[str, Any]:
    defaults = {
        "title": OPEN_TITLE,
        "description": "Práticas de **ensino de português** como língua de acolhimento.",
        "themes": ["ensino-portugues"],
    }
    payload = call_payload(**{**defaults, **overrides})
    response = client.post("/api/v1/calls", json=payload, headers=auth(people.curator))
    assert response.status_code == 201, response.text
    return dict(response.json())


@pytest.fixture
def three_calls(client: TestClient, session: Session, people: People) -> dict[str, int]:
    """An open call, an upcoming one and one closed (closed in the database: the API refuses a
    closing date in the past)."""
    opened = open_call(client, people)
    upcoming = open_call(client, people, title=UPCOMING_TITLE, opens_on=day(10), closes_on=day(40))
    closed = open_call(client, people, title=CLOSED_TITLE, themes=["trabalho-renda"])
    row = session.get(Call, closed["id"])
    assert row is not None
    row.opens_on, row.closes_on = today() - timedelta(days=60), today() - timedelta(days=5)
    session.add(row)
    session.commit()
    return {"open": opened["id"], "upcoming": upcoming["id"], "closed": closed["id"]}


class TestCallPages:
    def test_list_orders_open_upcoming_closed_in_portuguese(
        self, client: TestClient, three_calls: dict[str, int]
    ):
        page = read_page(client, "/chamadas")
        assert '<a href="/chamadas" aria-current="page">Chamadas</a>' in page
        sections = [page.index(h) for h in ("Chamadas abertas", "Próximas chamadas")]
        sections.append(page.index("Chamadas encerradas"))
        assert sections == sorted(sections)
        assert page.index(OPEN_TITLE) < page.index(UPCOMING_TITLE) < page.index(CLOSED_TITLE)
        assert f"até {short(30)}" in page and f"abre em {short(10)}" in page
        assert f"encerrada em {short(-5)}" in page

    def test_list_in_spanish(self, client: TestClient, three_calls: dict[str, int]):
        page = read_page(client, "/chamadas", "es")
        assert "Convocatorias abiertas" in page and "Próximas convocatorias" in page
        assert f"hasta el {short(30, 'es')}" in page
        assert "Chamadas abertas" not in page

    def test_call_page(self, client: TestClient, three_calls: dict[str, int]):
        call_id = three_calls["open"]
        page = read_page(client, f"/chamadas/{call_id}")
        assert f"<h1>{OPEN_TITLE}</h1>" in page
        assert "<strong>ensino de português</strong>" in page  # the Markdown filter
        assert "Ensino de português" in page  # the theme's label
        assert "Em todo o país" in page
        assert "0 em análise · 0 publicadas" in page  # pt-BR as written in Brazil: zero is plural
        feed = f"/feeds/calls/{call_id}.atom"
        assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in page
        assert f'href="/busca?call={call_id}"' in page
        assert '<meta property="og:title" content="' + OPEN_TITLE in page
        assert f"/chamadas/{call_id}/imagem.png" in page
        assert _image(client, call_id).startswith(b"\x89PNG")

    def test_call_page_in_spanish_names_a_regional_scope(self, client: TestClient, people: People):
        call = open_call(client, people, scope="regional", ufs=["RR"], municipalities=[3550308])
        page = read_page(client, f"/chamadas/{call['id']}", "es")
        assert "Roraima" in page and "São Paulo/SP" in page
        assert "Abierta" in page and "Respuestas publicadas" in page

    def test_unknown_call_is_not_found(self, client: TestClient):
        assert TestClient(client.app).get("/chamadas/999999").status_code == 404


def _image(client: TestClient, call_id: int) -> bytes:
    response = TestClient(client.app).get(f"/chamadas/{call_id}/imagem.png")
    assert response.status_code == 200
    return response.content


class TestHome:
    def test_shows_open_calls_with_their_deadline_only(
        self, client: TestClient, three_calls: dict[str, int]
    ):
        page = read_page(client, "/")
        assert "Chamadas abertas" in page and f'href="/chamadas/{three_calls["open"]}"' in page
        assert f"até {short(30)}" in page
        assert UPCOMING_TITLE not in page and CLOSED_TITLE not in page

    def test_no_section_without_open_calls(self, client: TestClient):
        assert "Chamadas abertas" not in read_page(client, "/")


class TestAnsweringFromTheForm:
    def test_an_answer_counts_on_the_call_page(
        self, client: TestClient, people: People, three_calls: dict[str, int]
    ):
        call_id = three_calls["open"]
        sign_in(client, people.contributor)
        form = client.get("/praticas/nova?modelo=geral").text
        assert "Responde à chamada" in form and f'<option value="{call_id}">' in form
        assert f'<option value="{three_calls["upcoming"]}">' not in form
        data = practice_form(call_id=str(call_id), action="submit")
        sent = post_form(client, "/praticas/nova", "/praticas/nova?modelo=geral", data)
        assert sent.status_code == 303, sent.text
        assert "1 em análise" in read_page(client, f"/chamadas/{call_id}")

    def test_an_upcoming_call_is_refused_beside_the_field(
        self, client: TestClient, people: People, three_calls: dict[str, int]
    ):
        sign_in(client, people.contributor)
        data = practice_form(call_id=str(three_calls["upcoming"]), title="Título que digitei")
        refused = post_form(client, "/praticas/nova", "/praticas/nova?modelo=geral", data)
        assert refused.status_code == 409
        error = re.search(r'<p class="error" id="err-call_id">([^<]+)</p>', refused.text)
        assert (
            error
            and error.group(1)
            == "Esta chamada ainda não está aberta: abre em "
            + (format_date(today() + timedelta(days=10), "medium", locale="pt_BR"))
            + "."
        )
        assert 'value="Título que digitei"' in refused.text
        assert f'<option value="{three_calls["upcoming"]}" selected>' in refused.text


class TestSearchByCall:
    def test_filters_and_says_by_which_call(
        self, client: TestClient, session: Session, people: People, search_ready: None
    ):
        call = open_call(client, people)
        publish(client, people.contributor, people.curator, call_id=call["id"])
        publish(client, people.contributor, people.curator, title="Outra prática sem chamada")
        sync_search(session)
        page = client.get(f"/busca?call={call['id']}").text
        assert "1 prática encontrada" in page
        assert f"Respostas à chamada “{OPEN_TITLE}”." in page
        assert "Remover este filtro" in page and 'href="/busca?"' in page
        assert f'<input type="hidden" name="call" value="{call["id"]}">' in page
        assert "2 práticas encontradas" in client.get("/busca").text


class TestCuratorForm:
    def test_contributors_get_403(self, client: TestClient, people: People):
        sign_in(client, people.contributor)
        assert client.get("/curadoria/chamadas/nova").status_code == 403

    def test_curator_opens_a_call(self, client: TestClient, people: People):
        sign_in(client, people.curator)
        assert 'href="/curadoria/chamadas"' in client.get("/curadoria").text
        data = _call_form(opens_on=day(0), closes_on=day(20))
        saved = post_form(client, "/curadoria/chamadas/nova", "/curadoria/chamadas/nova", data)
        assert saved.status_code == 303, saved.text
        page = client.get(saved.headers["location"]).text
        assert "Chamada salva." in page and "Chamada sobre saúde mental" in page
        assert "Boa Vista/RR" in page

    def test_refuses_a_closing_date_before_the_opening_beside_the_field(
        self, client: TestClient, people: People
    ):
        sign_in(client, people.curator)
        data = _call_form(opens_on=day(10), closes_on=day(5))
        refused = post_form(client, "/curadoria/chamadas/nova", "/curadoria/chamadas/nova", data)
        assert refused.status_code == 422
        error = re.search(r'<p class="error" id="err-closes_on">([^<]+)</p>', refused.text)
        assert error and error.group(1).startswith("A chamada encerra antes de abrir")
        assert 'value="Chamada sobre saúde mental"' in refused.text

    def test_edits_an_upcoming_call(self, client: TestClient, people: People):
        call = open_call(client, people, opens_on=day(5))
        sign_in(client, people.curator)
        edit = f"/curadoria/chamadas/{call['id']}/editar"
        assert f'value="{OPEN_TITLE}"' in client.get(edit).text
        data = _call_form(title="Novo título da chamada", opens_on=day(5), closes_on=day(9))
        saved = post_form(client, edit, edit, data)
        assert saved.status_code == 303, saved.text
        assert "Novo título da chamada" in client.get(f"/chamadas/{call['id']}").text


def _call_form(**overrides: object) -> dict[str, object]:
    """What a curator types into the call form: the API's fields, the municipalities as text."""
    regional = {
        "title": "Chamada sobre saúde mental",
        "description": "Práticas de cuidado em saúde mental para pessoas migrantes.",
        "themes": ["saude"],
        "scope": "regional",
        "municipalities": "1400100",
    }
    return call_payload(**{**regional, **overrides})
