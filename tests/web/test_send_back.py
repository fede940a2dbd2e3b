"""The send-back loop over HTTP: the curator asks for changes with a criterion answered "no";
the author's form opens with the reason and that criterion (linked to the published criteria);
once sent again the request is history, the queue marks the resubmission, keeps its place by
the first submission and the curator who asked; after approval the author sees it published."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.practices.models import PracticeRevision
from tests.builders import auth, claim_and_decide, create_practice, required_checklist
from tests.web.conftest import People
from tests.web.helpers import post_form, practice_form, sign_in


class TestSendBackLoop:
    def test_reason_criteria_history_queue_and_publication(
        self, client: TestClient, session: Session, people: People
    ):
        owner, curator = auth(people.contributor), auth(people.curator)
        early = create_practice(client, people.contributor, title="Prática enviada antes")
        practice = create_practice(client, people.contributor, title="Aulas de português")
        for item in (practice, early):
            client.post(f"/api/v1/practices/{item['id']}/submit", headers=owner)
        pid, revision_id = practice["id"], practice["revision"]["id"]
        # The practice was sent first: a day before the other one.
        stored = session.get(PracticeRevision, revision_id)
        assert stored is not None and stored.submitted_at is not None
        stored.submitted_at -= timedelta(days=1)
        session.add(stored)
        session.commit()
        checklist = {**required_checklist(), "resultados-evidencias": "no"}
        reason = "Informe quantas turmas existem hoje."
        outcome = "request_changes"
        claim_and_decide(
            client, people.curator, "practices", pid, outcome, checklist=checklist, reason=reason
        )

        sign_in(client, people.contributor)
        form = client.get(f"/praticas/{pid}/editar").text
        top = form.index("Os curadores pediram ajustes")
        assert top < form.index('name="title"')  # before the fields
        assert "Informe quantas turmas existem hoje." in form
        assert "Será publicada em nome de Cáritas Roraima." in form
        assert (
            "Será publicada em nome de Cáritas Roraima."
            in client.get("/praticas/nova?modelo=geral").text
        )
        assert (
            '<a href="/criterios-de-curadoria#practice-resultados-evidencias">Os resultados '
            "relatados são coerentes com o nível de evidência declarado?</a>"
        ) in form
        assert 'href="/criterios-de-curadoria#practice"' in form  # the criteria, from any form
        criteria = client.get("/criterios-de-curadoria").text
        assert 'id="practice-resultados-evidencias"' in criteria
        mine = client.get("/minhas-praticas").text
        assert '<div class="errors"><p><strong>Retorno da curadoria' in mine

        data = practice_form(title="Aulas de português", results="Quatro turmas.", action="submit")
        page = f"/praticas/{pid}/editar"
        assert post_form(client, page, page, data).status_code == 303
        mine = client.get("/minhas-praticas").text
        assert "Pedido anterior da curadoria" in mine  # history now, not the current state
        assert '<div class="errors"><p><strong>Retorno da curadoria' not in mine

        client.cookies.clear()
        sign_in(client, people.curator)
        queue = client.get("/curadoria").text
        assert queue.index("Aulas de português") < queue.index("Prática enviada antes")
        assert "Enviada de novo após ajustes" in queue
        row = client.get("/api/v1/curation/queue", headers=curator).json()["items"][0]
        assert (row["subject_id"], row["resubmitted"]) == (pid, True)
        assert "results" in row["changed"] and "title" not in row["changed"]
        assert "Alterado: " in queue and "Resultados e evidências" in queue
        review = client.get(f"/curadoria/praticas/{pid}").text
        assert "Alterado desde o pedido da curadoria" in review
        assert "+ Quatro turmas." in review
        assert row["claimed_by"] == people.curator.name  # the curator who asked keeps it

        claim_and_decide(client, people.curator, "practices", pid)
        client.cookies.clear()
        sign_in(client, people.contributor)
        mine = client.get("/minhas-praticas").text
        assert f'<a href="/praticas/{pid}">Publicada: veja a página pública</a>' in mine
