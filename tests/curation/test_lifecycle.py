"""The practice lifecycle through the API: every legal and illegal transition."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.curation.models import LifecycleStatus
from tests.builders import auth, required_checklist
from tests.curation.conftest import Actors, decide, post, to_state

STATES = [status.value for status in LifecycleStatus]
LEGAL = {
    ("draft", "submit"),
    ("changes_requested", "submit"),
    ("submitted", "claim"),
    ("in_review", "approve"),
    ("in_review", "request_changes"),
    ("in_review", "reject"),
    ("published", "withdraw"),
}
ACTIONS = ["submit", "claim", "approve", "request_changes", "reject", "withdraw"]
# Its authors may also take an item back from the curators (the web's "Retirar da curadoria").
RETRACTABLE = {("submitted", "retract"), ("in_review", "retract")}


def attempt(client: TestClient, actors: Actors, practice: dict[str, Any], action: str) -> Any:
    pid = practice["id"]
    if action == "submit":
        return post(client, actors.owner, f"/api/v1/practices/{pid}/submit")
    if action == "withdraw":
        return post(client, actors.owner, f"/api/v1/practices/{pid}/withdraw", {})
    if action == "claim":
        return post(client, actors.curator, f"/api/v1/curation/practices/{pid}/claim")
    return decide(client, actors.curator2, practice, action, reason="motivo")


class TestTransitions:
    @pytest.mark.parametrize("state", STATES)
    @pytest.mark.parametrize("action", ACTIONS)
    def test_every_transition(
        self, client: TestClient, actors: Actors, state: str, action: str
    ) -> None:
        practice = to_state(client, actors, state)
        response = attempt(client, actors, practice, action)
        if (state, action) in LEGAL:
            assert response.status_code in (200, 201), response.text
            return
        assert response.status_code == 409, response.text
        problem = response.json()
        assert problem["status"] == 409
        if "allowed" in problem:
            legal_here = sorted(a for s, a in LEGAL | RETRACTABLE if s == state)
            assert sorted(problem["allowed"]) == legal_here or state == "archived"


class TestReviewFlow:
    def test_changes_requested_then_resubmitted_and_published(
        self, client: TestClient, actors: Actors
    ) -> None:
        practice = to_state(client, actors, "in_review")
        pid = practice["id"]
        response = decide(
            client, actors.curator, practice, "request_changes", reason="Descreva os resultados."
        )
        assert response.status_code == 201
        mine = client.get(f"/api/v1/practices/{pid}", headers=auth(actors.owner)).json()
        assert mine["status"] == "changes_requested"
        assert mine["feedback"]["reason"] == "Descreva os resultados."
        edited = client.patch(
            f"/api/v1/practices/{pid}",
            json={"results": "120 famílias acolhidas."},
            headers=auth(actors.owner),
        )
        assert edited.status_code == 200, edited.text
        assert post(client, actors.owner, f"/api/v1/practices/{pid}/submit").status_code == 200
        assert (
            post(client, actors.curator, f"/api/v1/curation/practices/{pid}/claim").status_code
            == 200
        )
        assert decide(client, actors.curator, practice, "approve").status_code == 201
        public = client.get(f"/api/v1/practices/{pid}").json()
        assert public["status"] == "published"
        assert public["revision"]["content"]["results"] == "120 famílias acolhidas."
        assert "contact" not in public["revision"]["content"]
        history = client.get(f"/api/v1/practices/{pid}/history", headers=auth(actors.owner)).json()
        actions = [e["action"] for e in history]
        assert actions == [
            "create",
            "submit",
            "claim",
            "request_changes",
            "edit",
            "submit",
            "claim",
            "approve",
        ]

    def test_reason_required_to_reject_or_request_changes(
        self, client: TestClient, actors: Actors
    ) -> None:
        practice = to_state(client, actors, "in_review")
        for outcome in ("reject", "request_changes"):
            response = decide(client, actors.curator, practice, outcome, reason="  ")
            assert response.status_code == 422
            assert ["body", "reason"] in [e["loc"] for e in response.json()["errors"]]

    def test_approval_needs_every_required_criterion(
        self, client: TestClient, actors: Actors
    ) -> None:
        practice = to_state(client, actors, "in_review")
        required = required_checklist()
        missing = dict(list(required.items())[1:])
        body = {
            "revision_id": practice["revision"]["id"],
            "outcome": "approve",
            "checklist": missing,
        }
        path = f"/api/v1/curation/practices/{practice['id']}/decisions"
        response = post(client, actors.curator, path, body)
        assert response.status_code == 422
        first = next(iter(required))
        assert ["body", "checklist", first] in [e["loc"] for e in response.json()["errors"]]
        for checklist in ({**required, first: "no"}, {**required, "criterio-inventado": "yes"}):
            body["checklist"] = checklist
            assert post(client, actors.curator, path, body).status_code == 422

    def test_decision_on_a_stale_revision_is_409(self, client: TestClient, actors: Actors) -> None:
        practice = to_state(client, actors, "in_review")
        response = decide(
            client,
            actors.curator,
            practice,
            "approve",
            revision_id=practice["revision"]["id"] + 999,
        )
        assert response.status_code == 409

    def test_rejected_feedback_is_visible_to_the_submitter(
        self, client: TestClient, actors: Actors
    ) -> None:
        practice = to_state(client, actors, "in_review")
        decide(client, actors.curator, practice, "reject", reason="Fora do escopo da rede.")
        mine = client.get(f"/api/v1/practices/{practice['id']}", headers=auth(actors.owner)).json()
        assert mine["status"] == "rejected"
        assert mine["feedback"] == {
            "action": "reject",
            "reason": "Fora do escopo da rede.",
            "created_at": mine["feedback"]["created_at"],
        }
        assert client.get(f"/api/v1/practices/{practice['id']}").status_code == 404


class TestRevisions:
    def test_editing_a_published_practice_keeps_the_published_text_public(
        self, client: TestClient, actors: Actors
    ) -> None:
        practice = to_state(client, actors, "published")
        pid = practice["id"]
        old_title = practice["revision"]["content"]["title"]
        edited = client.patch(
            f"/api/v1/practices/{pid}", json={"title": "Título revisto"}, headers=auth(actors.owner)
        )
        assert edited.status_code == 200, edited.text
        mine = edited.json()
        assert mine["pending_revision"]["number"] == 2
        assert mine["pending_revision"]["status"] == "draft"
        assert (
            client.get(f"/api/v1/practices/{pid}").json()["revision"]["content"]["title"]
            == old_title
        )
        post(client, actors.owner, f"/api/v1/practices/{pid}/submit")
        post(client, actors.curator, f"/api/v1/curation/practices/{pid}/claim")
        assert decide(client, actors.curator, mine, "approve").status_code == 201
        public = client.get(f"/api/v1/practices/{pid}").json()
        assert public["revision"]["content"]["title"] == "Título revisto"
        assert public["revision"]["number"] == 2

    def test_a_practice_under_review_cannot_be_edited(
        self, client: TestClient, actors: Actors
    ) -> None:
        practice = to_state(client, actors, "in_review")
        response = client.patch(
            f"/api/v1/practices/{practice['id']}",
            json={"title": "Novo"},
            headers=auth(actors.owner),
        )
        assert response.status_code == 409

    def test_a_bad_edit_changes_nothing(self, client: TestClient, actors: Actors) -> None:
        practice = to_state(client, actors, "draft")
        response = client.patch(
            f"/api/v1/practices/{practice['id']}",
            json={"themes": ["nao-existe"]},
            headers=auth(actors.owner),
        )
        assert response.status_code == 422
        again = client.get(f"/api/v1/practices/{practice['id']}", headers=auth(actors.owner)).json()
        assert again["revision"]["content"]["themes"] == practice["revision"]["content"]["themes"]

    def test_withdrawn_practice_disappears_for_the_public(
        self, client: TestClient, actors: Actors
    ) -> None:
        practice = to_state(client, actors, "archived")
        assert client.get(f"/api/v1/practices/{practice['id']}").status_code == 404
        assert (
            client.get(f"/api/v1/practices/{practice['id']}", headers=auth(actors.owner)).json()[
                "status"
            ]
            == "archived"
        )
        # Practices do not reopen (their kind does not declare it): a withdrawal is final.
        edit = client.patch(
            f"/api/v1/practices/{practice['id']}",
            json={"summary": "Uma nova versão da prática, proposta depois da retirada."},
            headers=auth(actors.owner),
        )
        assert edit.status_code == 409, edit.text


class TestQueue:
    def test_oldest_first_with_waiting_time_and_filters(
        self, client: TestClient, actors: Actors
    ) -> None:
        first = to_state(client, actors, "submitted")
        second = to_state(client, actors, "in_review")
        to_state(client, actors, "draft")
        queue = client.get("/api/v1/curation/queue", headers=auth(actors.curator)).json()
        assert [i["subject_id"] for i in queue["items"]] == [first["id"], second["id"]]
        assert queue["total"] == 2
        assert all(i["waiting_hours"] >= 0 for i in queue["items"])
        assert queue["items"][1]["claimed_by"] is not None
        by_uf = client.get("/api/v1/curation/queue?uf=RR", headers=auth(actors.curator)).json()
        assert by_uf["total"] == 2
        assert (
            client.get("/api/v1/curation/queue?uf=SP", headers=auth(actors.curator)).json()["total"]
            == 0
        )
        by_theme = client.get(
            "/api/v1/curation/queue?theme=saude", headers=auth(actors.curator)
        ).json()
        assert by_theme["total"] == 0
        by_template = client.get(
            "/api/v1/curation/queue?template=geral", headers=auth(actors.curator)
        ).json()
        assert by_template["total"] == 2


class TestFourEyes:
    def test_two_distinct_curators_must_approve(
        self, client: TestClient, actors: Actors, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from app.config import get_settings

        monkeypatch.setenv("PARTILHA_APPROVALS_REQUIRED", "2")
        get_settings.cache_clear()
        practice = to_state(client, actors, "in_review")
        assert decide(client, actors.curator, practice, "approve").status_code == 201
        assert client.get(f"/api/v1/practices/{practice['id']}").status_code == 404
        again = decide(client, actors.curator, practice, "approve")
        assert again.status_code == 409
        assert decide(client, actors.curator2, practice, "approve").status_code == 201
        assert client.get(f"/api/v1/practices/{practice['id']}").json()["status"] == "published"
