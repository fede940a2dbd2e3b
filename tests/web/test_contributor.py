"""Contributor pages: the submission form generated from the template, errors beside the
fields with the values kept, drafts, submission, curator feedback and edits."""

import re

from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session

from tests.builders import auth, publish
from tests.web.conftest import People
from tests.web.helpers import post_form, practice_form, sign_in


def _new_practice(client: TestClient, people: People, action: str) -> int:
    """The contributor signs in and saves (draft) or sends (submit) the general form."""
    sign_in(client, people.contributor)
    data = {**practice_form(), "action": action}
    post_form(client, "/praticas/nova", "/praticas/nova?modelo=geral", data)
    return _ids(client.get("/minhas-praticas").text)[0]


def _edit(client: TestClient, practice_id: int, data: dict[str, object]) -> Response:
    """Post the practice's edit form from its own page."""
    page = f"/praticas/{practice_id}/editar"
    return post_form(client, page, page, data)


def _ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'href="/praticas/(\d+)"', html)]


class TestTheFormFollowsTheTemplate:
    def test_training_template_asks_for_workload(self, client: TestClient, people: People):
        sign_in(client, people.contributor)
        page = client.get("/praticas/nova?modelo=formacao")
        assert "Carga horária (horas)" in page.text
        assert 'name="details.workload_hours"' in page.text
        assert 'name="details.implementation_stage"' not in page.text

    def test_without_a_template_the_contributor_chooses_one(
        self, client: TestClient, people: People
    ):
        sign_in(client, people.contributor)
        page = client.get("/praticas/nova")
        for name in ("Prática geral", "Formação e capacitação", "Redes, comitês e fóruns"):
            assert name in page.text


class TestErrorsKeepTheValues:
    def test_messages_beside_fields_and_nothing_lost(self, client: TestClient, people: People):
        sign_in(client, people.contributor)
        data = practice_form(title="", evidence_level="", **{"details.people_reached": "muitas"})
        page = post_form(
            client, "/praticas/nova", "/praticas/nova?modelo=geral", {**data, "action": "draft"}
        )
        assert page.status_code == 422
        html = page.text
        assert re.search(r'<p class="error" id="err-title">Este campo é obrigatório.</p>', html)
        assert re.search(r'id="f-title" name="title"[^>]*aria-invalid="true"', html)
        assert 'id="err-details-people_reached">Informe um número inteiro.' in html
        # Everything typed is still there.
        assert "Acolhimento provisório de famílias recém-chegadas a Pacaraima." in html
        assert 'value="muitas"' in html
        assert re.search(r'name="themes" value="acolhimento-abrigamento" checked', html)
        assert client.get("/minhas-praticas").text.count("/praticas/") == 1  # only "new practice"

    def test_messages_and_labels_in_the_interface_language(
        self, client: TestClient, people: People
    ):
        sign_in(client, people.contributor)
        client.get("/idioma/en")
        assert "Social assistance" in client.get("/praticas/nova?modelo=geral").text
        data = practice_form(title="")
        page = post_form(client, "/praticas/nova", "/praticas/nova?modelo=geral", data)
        assert '<p class="error" id="err-title">This field is required.</p>' in page.text

    def test_model_rules_land_on_their_field(self, client: TestClient, people: People):
        sign_in(client, people.contributor)
        # A rule a draft breaks is refused when saved; one about what it still lacks, when sent.
        data = practice_form(ongoing="on", end_date="2020-01-01")
        page = post_form(client, "/praticas/nova", "/praticas/nova?modelo=geral", data)
        assert page.status_code == 422
        assert "Uma prática em andamento não tem data de término" in page.text
        data = practice_form(municipalities="", action="submit")
        page = post_form(client, "/praticas/nova", "/praticas/nova?modelo=geral", data)
        assert page.status_code == 422
        assert "Informe pelo menos um município para uma prática municipal." in page.text

    def test_markup_typed_into_a_field_comes_back_as_text(self, client: TestClient, people: People):
        sign_in(client, people.contributor)
        data = practice_form(title="", summary='"><script>alert(1)</script>')
        page = post_form(client, "/praticas/nova", "/praticas/nova?modelo=geral", data)
        assert "<script>alert(1)" not in page.text
        assert "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


class TestDraftAndSubmit:
    def test_save_a_draft_then_send_it(self, client: TestClient, people: People):
        sign_in(client, people.contributor)
        saved = post_form(
            client,
            "/praticas/nova",
            "/praticas/nova?modelo=geral",
            {**practice_form(), "action": "draft"},
        )
        assert saved.status_code == 303 and saved.headers["location"] == "/minhas-praticas"
        mine = client.get("/minhas-praticas").text
        assert "Rascunho salvo." in mine and "Rascunho" in mine
        practice_id = _ids(mine)[0]
        sent = post_form(client, f"/praticas/{practice_id}/enviar", "/minhas-praticas", {})
        assert sent.status_code == 303
        assert "Enviada, aguardando curadoria" in client.get("/minhas-praticas").text

    def test_send_directly_and_the_curators_see_it(self, client: TestClient, people: People):
        sign_in(client, people.contributor)
        data = {**practice_form(), "action": "submit"}
        assert (
            post_form(client, "/praticas/nova", "/praticas/nova?modelo=geral", data).status_code
            == 303
        )
        queue = client.get("/api/v1/curation/queue", headers=auth(people.curator)).json()
        assert [i["title"] for i in queue["items"]] == [
            "Casa de passagem para famílias venezuelanas"
        ]
        details = queue["items"][0]
        practice = client.get(
            f"/api/v1/practices/{details['subject_id']}", headers=auth(people.contributor)
        )
        content = practice.json()["revision"]["content"]
        assert content["details"] == {"implementation_stage": "consolidada", "people_reached": 1250}
        assert (
            content["municipalities"] == [1400100] and content["contact"]["name"] == "Maria Contato"
        )

    def test_sending_the_same_form_twice_creates_one_practice(
        self, client: TestClient, people: People
    ):
        sign_in(client, people.contributor)
        page = client.get("/praticas/nova?modelo=geral")
        form_id = re.search(r'name="form_id" value="([^"]+)"', page.text).group(1)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        data = {**practice_form(), "action": "draft", "form_id": form_id, "csrf_token": token}
        for _ in range(2):
            assert (
                client.post("/praticas/nova", data=data, follow_redirects=False).status_code == 303
            )
        assert len(set(_ids(client.get("/minhas-praticas").text))) == 1

    def test_a_municipality_typed_by_name_works_without_javascript(
        self, client: TestClient, people: People, search_ready: None
    ):
        sign_in(client, people.contributor)
        data = practice_form(municipalities="pacaraima\nBoa Vista/RR")
        assert (
            post_form(client, "/praticas/nova", "/praticas/nova?modelo=geral", data).status_code
            == 303
        )
        practice_id = _ids(client.get("/minhas-praticas").text)[0]
        practice = client.get(
            f"/api/v1/practices/{practice_id}", headers=auth(people.contributor)
        ).json()
        assert practice["revision"]["content"]["municipalities"] == [1400456, 1400100]

    def test_an_ambiguous_name_offers_the_candidates(
        self, client: TestClient, people: People, search_ready: None
    ):
        sign_in(client, people.contributor)
        page = post_form(
            client,
            "/praticas/nova",
            "/praticas/nova?modelo=geral",
            practice_form(municipalities="boa vista"),
        )
        assert page.status_code == 422
        # One message, with its own id; the candidates are links that fill the field.
        assert (
            '<p class="error" id="err-municipalities">Não encontramos o município “boa vista”.</p>'
            in page.text
        )
        assert "Em vez de “boa vista”, você quis dizer:" in page.text
        assert (
            'data-field="f-municipalities" data-typed="boa vista" data-value="Boa Vista/RR"'
            in page.text
        )
        assert 'data-value="Boa Vista/PB"' in page.text
        assert (
            'aria-describedby="help-municipalities err-municipalities sug-municipalities-1"'
            in page.text
        )


class TestCuratorFeedbackAndEdits:
    def test_requested_changes_show_the_reason_and_the_edit_resubmits(
        self, client: TestClient, people: People
    ):
        sign_in(client, people.contributor)
        post_form(
            client,
            "/praticas/nova",
            "/praticas/nova?modelo=geral",
            {**practice_form(), "action": "submit"},
        )
        practice_id = _ids(client.get("/minhas-praticas").text)[0]
        revision = client.get(
            f"/api/v1/practices/{practice_id}", headers=auth(people.contributor)
        ).json()["revision"]
        curator = auth(people.curator)
        client.post(f"/api/v1/curation/practices/{practice_id}/claim", headers=curator)
        client.post(
            f"/api/v1/curation/practices/{practice_id}/decisions",
            headers=curator,
            json={
                "revision_id": revision["id"],
                "outcome": "request_changes",
                "reason": "Informe a fonte do número de famílias.",
            },
        )
        mine = client.get("/minhas-praticas").text
        assert "Ajustes solicitados" in mine and "Informe a fonte do número de famílias." in mine
        edit = client.get(f"/praticas/{practice_id}/editar")
        assert "320 famílias acolhidas em 2024." in edit.text  # prefilled
        data = practice_form(results="320 famílias (fonte: relatório SUAS 2024).", action="submit")
        assert _edit(client, practice_id, data).status_code == 303
        assert "Enviada, aguardando curadoria" in client.get("/minhas-praticas").text

    def test_editing_a_published_practice_opens_a_new_revision(
        self, client: TestClient, session: Session, people: People
    ):
        published = publish(client, people.contributor, people.curator)
        practice_id = published["id"]
        sign_in(client, people.contributor)
        page = client.get(f"/praticas/{practice_id}/editar")
        assert "Esta prática está publicada." in page.text
        data = practice_form(title="Título novo ainda não aprovado", action="submit")
        assert _edit(client, practice_id, data).status_code == 303
        public = TestClient(client.app).get(f"/praticas/{practice_id}").text
        assert published["revision"]["content"]["title"] in public
        assert "Título novo ainda não aprovado" not in public
        mine = client.get("/minhas-praticas").text
        assert "Nova revisão: Enviada, aguardando curadoria" in mine

    def test_a_practice_with_the_curators_is_taken_back_before_editing(
        self, client: TestClient, people: People
    ):
        practice_id = _new_practice(client, people, "submit")
        mine = client.get("/minhas-praticas").text
        retract = f"/praticas/{practice_id}/retirar"
        assert f'href="{retract}">Retirar da curadoria</a>' in mine
        assert f'href="/praticas/{practice_id}/editar"' not in mine
        # "Edit" from elsewhere (the practice's page, an old link) asks the same, never a 409.
        edit = client.get(f"/praticas/{practice_id}/editar", follow_redirects=False)
        assert (edit.status_code, edit.headers["location"]) == (303, retract)
        confirm = client.get(retract)
        assert "Retirar “Casa de passagem para famílias venezuelanas” da curadoria?" in confirm.text
        taken = post_form(client, retract, retract, {})
        assert taken.headers["location"] == f"/praticas/{practice_id}/editar"
        form = client.get(taken.headers["location"])
        assert (
            form.status_code == 200
            and "Retirada da curadoria: voltou a ser um rascunho" in form.text
        )
        owner = auth(people.contributor)
        practice = client.get(f"/api/v1/practices/{practice_id}", headers=owner).json()
        assert practice["revision"]["status"] == "draft"
        events = client.get(f"/api/v1/practices/{practice_id}/history", headers=owner).json()
        assert [e["action"] for e in events][-1] == "retract"
        assert "Retirar da curadoria" not in client.get("/minhas-praticas").text

    def test_another_organisation_sees_nothing(self, client: TestClient, people: People):
        practice_id = _new_practice(client, people, "draft")
        client.cookies.clear()
        sign_in(client, people.other_contributor)
        assert client.get(f"/praticas/{practice_id}").status_code == 404
        assert client.get(f"/praticas/{practice_id}/editar").status_code == 404
        assert practice_id not in _ids(client.get("/minhas-praticas").text)
