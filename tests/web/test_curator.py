"""Curator pages: the queue (oldest first, waiting time, filters) and the review page with
the diff against the published revision, the checklist and the three decisions."""

import re

from fastapi.testclient import TestClient

from tests.builders import auth, create_practice, publish, required_checklist
from tests.web.conftest import People
from tests.web.helpers import csrf_from, review_post, sign_in


def _submitted(client: TestClient, people: People, **overrides: object) -> dict:
    practice = create_practice(client, people.contributor, **overrides)
    client.post(f"/api/v1/practices/{practice['id']}/submit", headers=auth(people.contributor))
    return practice


def _decide(client: TestClient, practice_id: int, **fields: str) -> object:
    return review_post(client, f"/curadoria/praticas/{practice_id}", "decisao", **fields)


def _claim(client: TestClient, practice_id: int) -> None:
    assert review_post(client, f"/curadoria/praticas/{practice_id}", "assumir").status_code == 303


class TestQueue:
    def test_oldest_first_with_waiting_time_and_filters(self, client: TestClient, people: People):
        first = _submitted(client, people, title="Primeira prática enviada", themes=["saude"])
        _submitted(client, people, title="Segunda prática enviada", themes=["educacao"])
        sign_in(client, people.curator)
        page = client.get("/curadoria").text
        assert page.index("Primeira prática enviada") < page.index("Segunda prática enviada")
        assert "2 itens aguardando" in page
        assert f'href="/curadoria/praticas/{first["id"]}"' in page
        assert re.search(r"<td>(menos de um minuto|\d+ minutos?)<br>", page)  # in words
        filtered = client.get("/curadoria?theme=educacao").text
        assert "Segunda prática enviada" in filtered and "Primeira prática enviada" not in filtered
        assert "Nada aguardando" in client.get("/curadoria?uf=SP").text


class TestDecisions:
    def test_approval_needs_every_required_criterion(self, client: TestClient, people: People):
        practice = _submitted(client, people)
        sign_in(client, people.curator)
        _claim(client, practice["id"])
        refused = _decide(client, practice["id"], outcome="approve")
        assert refused.status_code == 422
        # In the summary at the top of the page and beside each answer.
        assert refused.text.count("Responda “sim” para aprovar.") == 2 * len(required_checklist())
        answers = {f"criterion.{cid}": "yes" for cid in required_checklist()}
        approved = _decide(client, practice["id"], outcome="approve", **answers)
        assert approved.status_code == 303
        assert "Decisão registrada: aprovada." in client.get("/curadoria").text
        public = TestClient(client.app).get(f"/praticas/{practice['id']}")
        assert public.status_code == 200

    def test_request_changes_needs_a_reason_which_the_submitter_reads(
        self, client: TestClient, people: People
    ):
        practice = _submitted(client, people)
        sign_in(client, people.curator)
        _claim(client, practice["id"])
        missing = _decide(client, practice["id"], outcome="request_changes")
        assert missing.status_code == 422 and "Explique o motivo para quem enviou." in missing.text
        done = _decide(
            client,
            practice["id"],
            outcome="request_changes",
            reason="Inclua a <b>fonte</b> dos números.",
        )
        assert done.status_code == 303
        owner = client.get(f"/api/v1/practices/{practice['id']}", headers=auth(people.contributor))
        assert owner.json()["feedback"]["reason"] == "Inclua a <b>fonte</b> dos números."

    def test_reject(self, client: TestClient, people: People):
        practice = _submitted(client, people)
        sign_in(client, people.curator)
        _claim(client, practice["id"])
        assert (
            _decide(client, practice["id"], outcome="reject", reason="Fora do escopo.").status_code
            == 303
        )
        owner = client.get(f"/api/v1/practices/{practice['id']}", headers=auth(people.contributor))
        assert owner.json()["status"] == "rejected"

    def test_a_stale_page_cannot_decide(self, client: TestClient, people: People):
        practice = _submitted(client, people)
        sign_in(client, people.curator)
        _claim(client, practice["id"])
        page = client.get(f"/curadoria/praticas/{practice['id']}")
        data = {
            "csrf_token": csrf_from(page),
            "revision_id": "999999",
            "outcome": "reject",
            "reason": "x",
        }
        response = client.post(f"/curadoria/praticas/{practice['id']}/decisao", data=data)
        assert response.status_code == 409
        assert "Recarregue a página" in response.text


class TestReviewOfANewRevision:
    def test_the_diff_against_the_published_revision_is_shown_escaped(
        self, client: TestClient, people: People
    ):
        published = publish(client, people.contributor, people.curator)
        pid = published["id"]
        changed = {"summary": "Resumo novo com <script>alert('x')</script> dentro."}
        assert (
            client.patch(
                f"/api/v1/practices/{pid}", json=changed, headers=auth(people.contributor)
            ).status_code
            == 200
        )
        client.post(f"/api/v1/practices/{pid}/submit", headers=auth(people.contributor))
        sign_in(client, people.curator)
        page = client.get(f"/curadoria/praticas/{pid}").text
        assert "Alterações em relação à revisão publicada" in page
        diff = page[page.index('id="diff-title"') : page.index('id="rev-title"')]
        assert "<h3>Resumo</h3>" in diff
        assert f"- {published['revision']['content']['summary']}</del>" in diff
        assert (
            "+ Resumo novo com &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; dentro.</ins>"
            in diff
        )
        assert "<script>" not in page
        assert "<h3>Título</h3>" not in diff  # unchanged fields are left out
