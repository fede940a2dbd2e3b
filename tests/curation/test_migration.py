"""Migration 0008 carries idempotency records across (practice_id -> the kind and the item):
a database holding practices, policies, their histories and Idempotency-Key records goes down to
0007 and up again, and the same items, statuses, histories and replays come back."""

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app.policies.models import Policy
from tests.builders import auth, make_org, make_user, practice_payload
from tests.curation.conftest import Actors, decide, post
from tests.migrating import migrate
from tests.policies.conftest import policy_payload


def _state(client: TestClient, actors: Actors, ids: dict[str, int]) -> dict[str, Any]:
    owner = auth(actors.owner)
    return {
        "practice": client.get(f"/api/v1/practices/{ids['practice']}", headers=owner).json(),
        "draft": client.get(f"/api/v1/practices/{ids['draft']}", headers=owner).json(),
        "history": client.get(f"/api/v1/practices/{ids['practice']}/history", headers=owner).json(),
        "queue": [
            {k: v for k, v in item.items() if k != "waiting_hours"}
            for item in client.get("/api/v1/curation/queue", headers=auth(actors.curator2)).json()[
                "items"
            ]
        ],
    }


class TestIdempotencyRecordsCarriedAcross:
    def test_down_to_0007_and_up_keeps_items_histories_and_replays(
        self, client: TestClient, session: Session, actors: Actors, db_url: str
    ) -> None:
        key = {"Idempotency-Key": "phone-retry-1", **auth(actors.owner)}
        created = client.post("/api/v1/practices", json=practice_payload(), headers=key)
        assert created.status_code == 201, created.text
        practice = created.json()
        assert post(client, actors.owner, f"/api/v1/practices/{practice['id']}/submit").is_success
        claim = f"/api/v1/curation/practices/{practice['id']}/claim"
        assert post(client, actors.curator, claim).is_success
        assert decide(client, actors.curator, practice, "approve").status_code == 201
        other_key = {"Idempotency-Key": "phone-retry-2", **auth(actors.owner)}
        second = practice_payload(title="Aulas de português")
        draft = client.post("/api/v1/practices", json=second, headers=other_key).json()
        assert post(client, actors.owner, f"/api/v1/practices/{draft['id']}/submit").is_success
        ids = {"practice": practice["id"], "draft": draft["id"]}
        before = _state(client, actors, ids)
        assert before["practice"]["status"] == "published"
        assert [item["subject_id"] for item in before["queue"]] == [draft["id"]]

        migrate(db_url, "0007")
        migrate(db_url, "head")

        after = _state(client, actors, ids)
        assert after == before
        replay = client.post("/api/v1/practices", json=practice_payload(), headers=key)
        assert replay.status_code == 201
        assert replay.headers["Idempotent-Replayed"] == "true"
        assert replay.json()["id"] == practice["id"]
        changed = client.post(
            "/api/v1/practices", json=practice_payload(title="Outra"), headers=other_key
        )
        assert changed.status_code == 409  # the carried record still guards its key


class TestPolicyCreateIsIdempotent:
    def test_a_retried_proposal_answers_with_the_first_policy(
        self, client: TestClient, session: Session
    ) -> None:
        member = make_user(session, "contributor", make_org(session), email="m@teste.org")
        headers = {"Idempotency-Key": "policy-1", **auth(member)}
        first = client.post("/api/v1/policies", json=policy_payload(), headers=headers)
        assert first.status_code == 201, first.text
        again = client.post("/api/v1/policies", json=policy_payload(), headers=headers)
        assert again.status_code == 201
        assert again.headers["Idempotent-Replayed"] == "true"
        assert again.json()["id"] == first.json()["id"]
        other = client.post("/api/v1/policies", json=policy_payload(title="Outra"), headers=headers)
        assert other.status_code == 409
        assert session.exec(select(func.count()).select_from(Policy)).one() == 1
