"""Policy registry pages: the searchable list (filters in the URL), a policy's page, proposing
and editing through the form, the curator's review and re-verification, the municipality's
policies in force; CSRF and permissions on every new form."""

import re
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.db import utcnow
from app.policies.models import Policy
from tests.builders import auth
from tests.policies.conftest import policy_checklist, policy_payload, publish_policy
from tests.web.conftest import People, sync_search
from tests.web.helpers import csrf_from, post_form, review_post, sign_in

STATE = {
    "level": "state",
    "uf": "RR",
    "instrument_type": "decreto",
    "number": "31.044-E/2021",
    "title": "Plano Estadual de Acolhimento de Roraima",
    "summary": "Organiza o acolhimento de refugiados venezuelanos nos municípios de Roraima.",
    "themes": ["acolhimento-abrigamento"],
}
CITY = {
    "level": "municipal",
    "ibge_code": 1400100,
    "instrument_type": "ato-comite",
    "number": "",
    "title": "Comitê Municipal de Migrantes de Boa Vista",
    "summary": "Cria o comitê de participação de migrantes e refugiados na política municipal.",
    "themes": ["participacao-comites"],
    "status": "em-tramitacao",
}


def policy_form(**overrides: object) -> dict[str, object]:
    """What a contributor types into the policy form."""
    form: dict[str, object] = {
        "instrument_type": "lei",
        "number": "1.234/2023",
        "date": "2023-03-10",
        "title": "Lei municipal de atenção a migrantes de Boa Vista",
        "summary": "Garante atendimento a migrantes nos serviços municipais de Boa Vista.",
        "official_url": "https://www.boavista.rr.gov.br/leis/1234-2023",
        "status": "em-vigor",
        "themes": ["assistencia-social"],
        "level": "municipal",
        "municipality": "1400100",
        "action": "draft",
    }
    form.update(overrides)
    return form


def _submitted(client: TestClient, people: People, **overrides: Any) -> dict[str, Any]:
    created = client.post(
        "/api/v1/policies", json=policy_payload(**overrides), headers=auth(people.contributor)
    ).json()
    client.post(f"/api/v1/policies/{created['id']}/submit", headers=auth(people.contributor))
    return created


def _review_post(client: TestClient, policy_id: int, path: str, **fields: str) -> Any:
    return review_post(client, f"/curadoria/politicas/{policy_id}", path, **fields)


class TestPoliciesPage:
    def test_filters_live_in_the_url_with_highlighted_snippets(
        self, client: TestClient, session: Session, people: People
    ):
        federal = publish_policy(client, people)
        state = publish_policy(client, people, **STATE)
        city = publish_policy(client, people, **CITY)
        sync_search(session)
        page = client.get("/politicas").text
        assert "3 políticas encontradas" in page
        assert 'href="/politicas?level=state"' in page  # a filter is a plain link
        in_rr = client.get("/politicas?uf=RR").text
        assert f'href="/politicas/{state["id"]}"' in in_rr
        assert f'href="/politicas/{city["id"]}"' in in_rr
        assert f'href="/politicas/{federal["id"]}"' not in in_rr
        assert 'aria-current="true">☑ Roraima (RR)' in in_rr  # chosen: the link removes it
        both = client.get("/politicas?uf=RR&status=em-tramitacao").text
        assert "1 política encontrada" in both and "Em tramitação" in both
        found = client.get("/politicas?q=refujiados").text
        assert "<mark>refugiados</mark>" in found  # typo-tolerant, highlighted
        assert 'name="uf"' not in found  # no filter chosen: nothing hidden in the form

    def test_labels_in_the_interface_language_and_paging(
        self, client: TestClient, session: Session, people: People
    ):
        for n in range(11):
            publish_policy(client, people, title=f"Resolução número {n} sobre refúgio")
        sync_search(session)
        page = client.get("/politicas?sort=title", headers={"Accept-Language": "en"}).text
        assert "11 policies found" in page and "In force" in page and "Law" in page
        assert "Page 1 of 2" in page
        assert 'href="/politicas?sort=title&amp;page=2" rel="next"' in page

    def test_unknown_filters_are_explained(self, client: TestClient):
        page = client.get("/politicas?level=galactic")
        assert page.status_code == 200
        assert "não foram reconhecidos" in page.text


class TestPolicyPage:
    def test_public_fields_official_link_place_and_history(
        self, client: TestClient, people: People
    ):
        city = publish_policy(client, people, **CITY)
        page = TestClient(client.app).get(f"/politicas/{city['id']}").text
        assert '<h1 lang="pt-BR">Comitê Municipal de Migrantes de Boa Vista</h1>' in page
        assert re.search(r'<a href="https://www\.planalto[^"]+" rel="noopener noreferrer', page)
        assert '<a href="/municipios/1400100">Boa Vista/RR</a>' in page
        assert 'class="badge em-tramitacao"' in page
        assert "Ato de criação de comitê ou conselho" in page
        assert "Publicada" in page  # public history: publication only, no names
        assert "cur@" not in page and "curadora" not in page
        assert 'id="needs-verification"' not in page

    def test_needs_reverification_notice(
        self, client: TestClient, session: Session, people: People
    ):
        policy = publish_policy(client, people)
        row = session.get(Policy, policy["id"])
        row.published_at = utcnow() - timedelta(days=200)
        session.add(row)
        session.commit()
        page = client.get(f"/politicas/{policy['id']}").text
        assert 'id="needs-verification"' in page

    def test_drafts_are_not_found_except_by_their_organisation(
        self, client: TestClient, people: People
    ):
        draft = client.post(
            "/api/v1/policies", json=policy_payload(), headers=auth(people.contributor)
        ).json()
        assert TestClient(client.app).get(f"/politicas/{draft['id']}").status_code == 404
        sign_in(client, people.other_contributor)
        assert client.get(f"/politicas/{draft['id']}").status_code == 404
        sign_in(client, people.contributor)
        own = client.get(f"/politicas/{draft['id']}").text
        assert "Rascunho" in own and f'href="/politicas/{draft["id"]}/editar"' in own


class TestProposePolicy:
    def test_errors_beside_fields_and_values_kept(self, client: TestClient, people: People):
        sign_in(client, people.contributor)
        future = (utcnow() + timedelta(days=5)).date().isoformat()
        data = policy_form(title="", date=future, official_url="javascript:alert(1)")
        response = post_form(client, "/politicas/nova", "/politicas/nova", data)
        assert response.status_code == 422
        assert '<p class="error" id="err-title">Este campo é obrigatório.</p>' in response.text
        assert 'id="err-official_url"' in response.text
        assert "Garante atendimento a migrantes" in response.text  # nothing typed is lost
        unknown = post_form(
            client, "/politicas/nova", "/politicas/nova", policy_form(municipality="Boa Vistta")
        )
        assert unknown.status_code == 422 and 'id="err-municipality"' in unknown.text
        later = post_form(client, "/politicas/nova", "/politicas/nova", policy_form(date=future))
        assert "A data não pode estar no futuro." in later.text  # the service's own check

    def test_messages_and_labels_in_the_interface_language(
        self, client: TestClient, people: People
    ):
        sign_in(client, people.contributor)
        client.get("/idioma/en")
        assert "Social assistance" in client.get("/politicas/nova").text
        response = post_form(client, "/politicas/nova", "/politicas/nova", policy_form(title=""))
        assert '<p class="error" id="err-title">This field is required.</p>' in response.text

    def test_save_a_draft_then_send_it(self, client: TestClient, people: People):
        sign_in(client, people.contributor)
        saved = post_form(client, "/politicas/nova", "/politicas/nova", policy_form())
        assert (
            saved.status_code == 303 and saved.headers["location"] == "/minhas-praticas#politicas"
        )
        mine = client.get("/minhas-praticas")
        assert "Rascunho de política salvo." in mine.text
        assert "Lei municipal de atenção a migrantes de Boa Vista" in mine.text
        send = re.search(r'action="(/politicas/\d+/enviar)"', mine.text).group(1)
        client.post(send, data={"csrf_token": csrf_from(mine)}, follow_redirects=False)
        assert "Enviada, aguardando curadoria" in client.get("/minhas-praticas").text

    def test_edit_a_published_policy_opens_a_revision(self, client: TestClient, people: People):
        policy = publish_policy(client, people, **STATE)
        sign_in(client, people.contributor)
        form_page = client.get(f"/politicas/{policy['id']}/editar").text
        assert "Esta política está publicada." in form_page
        assert '<option value="RR" selected>' in form_page
        edited = policy_form(**{**STATE, "municipality": "", "title": "Plano Estadual revisto"})
        response = post_form(
            client, f"/politicas/{policy['id']}/editar", f"/politicas/{policy['id']}/editar", edited
        )
        assert response.status_code == 303
        public = TestClient(client.app).get(f"/politicas/{policy['id']}").text
        assert "Plano Estadual de Acolhimento de Roraima" in public  # until approved
        assert (
            "Uma nova revisão aguarda a curadoria" in client.get(f"/politicas/{policy['id']}").text
        )

    def test_forms_need_the_csrf_token_and_a_contributor(self, client: TestClient, people: People):
        sign_in(client, people.contributor)
        assert client.post("/politicas/nova", data=policy_form()).status_code == 403
        sign_in(client, people.gov_editor)
        assert client.get("/politicas/nova").status_code == 403
        anonymous = TestClient(client.app).get("/politicas/nova", follow_redirects=False)
        assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/entrar")


class TestPolicyReview:
    def test_queue_claim_checklist_and_approval(self, client: TestClient, people: People):
        policy = _submitted(client, people, **STATE)
        sign_in(client, people.curator)
        assert f'href="/curadoria/politicas/{policy["id"]}"' in client.get("/curadoria").text
        assert _review_post(client, policy["id"], "assumir").status_code == 303
        page = client.get(f"/curadoria/politicas/{policy['id']}").text
        assert "O link aponta para a publicação oficial" in page  # the policy checklist
        refused = _review_post(client, policy["id"], "decisao", outcome="approve")
        assert refused.status_code == 422
        # In the summary at the top of the page and beside each answer.
        assert refused.text.count("Responda “sim” para aprovar.") == 2 * len(policy_checklist())
        answers = {f"criterion.{cid}": "yes" for cid in policy_checklist()}
        approved = _review_post(client, policy["id"], "decisao", outcome="approve", **answers)
        assert approved.status_code == 303
        assert TestClient(client.app).get(f"/politicas/{policy['id']}").status_code == 200

    def test_diff_against_the_published_revision(self, client: TestClient, people: People):
        policy = publish_policy(client, people, **STATE)
        client.patch(
            f"/api/v1/policies/{policy['id']}",
            json={"status": "revogada"},
            headers=auth(people.contributor),
        )
        client.post(f"/api/v1/policies/{policy['id']}/submit", headers=auth(people.contributor))
        sign_in(client, people.curator)
        page = client.get(f"/curadoria/politicas/{policy['id']}").text
        assert "<h3>Situação</h3>" in page
        assert "+ revogada</ins>" in page and "- em-vigor</del>" in page

    def test_changes_requested_with_a_reason_the_proposer_reads(
        self, client: TestClient, people: People
    ):
        policy = _submitted(client, people)
        sign_in(client, people.curator)
        _review_post(client, policy["id"], "assumir")
        done = _review_post(
            client, policy["id"], "decisao", outcome="request_changes", reason="Falta o número."
        )
        assert done.status_code == 303
        sign_in(client, people.contributor)
        mine = client.get("/minhas-praticas").text
        assert "Falta o número." in mine and "Ajustes solicitados" in mine

    def test_only_curators_review(self, client: TestClient, people: People):
        policy = _submitted(client, people)
        sign_in(client, people.contributor)
        assert client.get(f"/curadoria/politicas/{policy['id']}").status_code == 403


class TestVerification:
    def test_only_curators_see_the_page(self, client: TestClient, people: People):
        anonymous = TestClient(client.app).get(
            "/curadoria/politicas/verificacao", follow_redirects=False
        )
        assert anonymous.status_code == 303
        sign_in(client, people.contributor)
        assert client.get("/curadoria/politicas/verificacao").status_code == 403

    def test_due_policies_are_verified_with_a_post(
        self, client: TestClient, session: Session, people: People
    ):
        policy = publish_policy(client, people, **CITY)
        publish_policy(client, people, title="Política verificada recentemente")
        row = session.get(Policy, policy["id"])
        row.published_at = utcnow() - timedelta(days=200)
        session.add(row)
        session.commit()
        sign_in(client, people.curator)
        page = client.get("/curadoria/politicas/verificacao")
        assert "1 política a reverificar" in page.text and "Boa Vista/RR" in page.text
        assert "Política verificada recentemente" not in page.text
        path = f"/curadoria/politicas/{policy['id']}/verificar"
        assert client.post(path, data={"note": "x"}).status_code == 403  # no CSRF token
        done = client.post(
            path, data={"csrf_token": csrf_from(page), "note": "Conferido no diário oficial."}
        )
        assert "Verificação registrada." in done.text and "0 políticas a reverificar" in done.text
        public = TestClient(client.app).get(f"/politicas/{policy['id']}").text
        assert 'id="needs-verification"' not in public
        assert "Verificada na fonte oficial" in public


class TestMunicipalityPolicies:
    def test_policies_in_force_there(self, client: TestClient, people: People):
        federal = publish_policy(client, people)
        state = publish_policy(client, people, **STATE)
        publish_policy(client, people, **{**STATE, "uf": "SP", "title": "Plano paulista"})
        city = publish_policy(client, people, **{**CITY, "status": "em-vigor"})
        publish_policy(client, people, **{**CITY, "title": "Comitê revogado", "status": "revogada"})
        page = client.get("/municipios/1400100").text
        section = page[page.index('id="policies-title"') :]
        for policy in (federal, state, city):
            assert f'href="/politicas/{policy["id"]}"' in section
        assert "Plano paulista" not in section and "Comitê revogado" not in section
        assert 'href="/politicas?uf=RR"' in section
