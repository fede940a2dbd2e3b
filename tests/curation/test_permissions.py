"""Who may do what: anonymous, contributors of the same and of another organisation,
curator, gov_editor and admin against every practice and curation endpoint."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.builders import auth, practice_payload, required_checklist
from tests.curation.conftest import Actors, to_state

ROLES = ["anonymous", "owner", "outsider", "curator", "gov", "admin"]

# endpoint -> (state the practice is in, expected status per role in ROLES order)
MATRIX: dict[str, tuple[str, list[int]]] = {
    "read_draft": ("draft", [404, 200, 404, 200, 404, 200]),
    "read_published": ("published", [200, 200, 200, 200, 200, 200]),
    "edit_draft": ("draft", [401, 200, 404, 200, 404, 200]),
    "submit_draft": ("draft", [401, 200, 404, 200, 404, 200]),
    "withdraw_published": ("published", [401, 200, 403, 200, 403, 200]),
    "history_draft": ("draft", [404, 200, 404, 200, 404, 200]),
    "history_published": ("published", [200, 200, 200, 200, 200, 200]),
    "queue": ("submitted", [401, 403, 403, 200, 403, 200]),
    "claim_submitted": ("submitted", [401, 403, 403, 200, 403, 200]),
    "decide_in_review": ("in_review", [401, 403, 403, 201, 403, 201]),
}


def call(
    client: TestClient, endpoint: str, practice: dict[str, Any], headers: dict[str, str]
) -> Any:
    pid = practice["id"]
    if endpoint.startswith("read"):
        return client.get(f"/api/v1/practices/{pid}", headers=headers)
    if endpoint.startswith("history"):
        return client.get(f"/api/v1/practices/{pid}/history", headers=headers)
    if endpoint == "edit_draft":
        return client.patch(
            f"/api/v1/practices/{pid}", json={"title": "Título editado"}, headers=headers
        )
    if endpoint == "submit_draft":
        return client.post(f"/api/v1/practices/{pid}/submit", headers=headers)
    if endpoint == "withdraw_published":
        return client.post(f"/api/v1/practices/{pid}/withdraw", json={}, headers=headers)
    if endpoint == "queue":
        return client.get("/api/v1/curation/queue", headers=headers)
    if endpoint == "claim_submitted":
        return client.post(f"/api/v1/curation/practices/{pid}/claim", headers=headers)
    body = {
        "revision_id": practice["revision"]["id"],
        "outcome": "approve",
        "checklist": required_checklist(),
    }
    return client.post(f"/api/v1/curation/practices/{pid}/decisions", json=body, headers=headers)


class TestPermissionMatrix:
    @pytest.mark.parametrize("endpoint", list(MATRIX))
    def test_matrix(self, client: TestClient, actors: Actors, endpoint: str) -> None:
        state, expected = MATRIX[endpoint]
        users = {
            "anonymous": None,
            "owner": actors.owner,
            "outsider": actors.outsider,
            "curator": actors.curator,
            "gov": actors.gov,
            "admin": actors.admin,
        }
        got = []
        for role in ROLES:
            practice = to_state(client, actors, state)  # fresh for each role: calls change state
            user = users[role]
            got.append(call(client, endpoint, practice, auth(user) if user else {}).status_code)
        assert got == expected, dict(zip(ROLES, got, strict=True))

    def test_private_contact_only_for_owner_and_curators(
        self, client: TestClient, actors: Actors
    ) -> None:
        practice = to_state(client, actors, "published")
        for user, sees in [
            (None, False),
            (actors.outsider, False),
            (actors.gov, False),
            (actors.owner, True),
            (actors.curator, True),
            (actors.admin, True),
        ]:
            body = client.get(
                f"/api/v1/practices/{practice['id']}", headers=auth(user) if user else {}
            ).json()
            assert ("contact" in body["revision"]["content"]) is sees

    def test_published_contact_with_consent_is_public(
        self, client: TestClient, actors: Actors
    ) -> None:
        practice = to_state(client, actors, "draft")
        client.patch(
            f"/api/v1/practices/{practice['id']}",
            json={"contact_public": True},
            headers=auth(actors.owner),
        )
        client.post(f"/api/v1/practices/{practice['id']}/submit", headers=auth(actors.owner))
        client.post(
            f"/api/v1/curation/practices/{practice['id']}/claim", headers=auth(actors.curator)
        )
        body = {
            "revision_id": practice["revision"]["id"],
            "outcome": "approve",
            "checklist": required_checklist(),
        }
        client.post(
            f"/api/v1/curation/practices/{practice['id']}/decisions",
            json=body,
            headers=auth(actors.curator),
        )
        public = client.get(f"/api/v1/practices/{practice['id']}").json()
        assert public["revision"]["content"]["contact"]["email"] == "maria@example.org"

    @pytest.mark.parametrize(
        ("role", "expected"),
        [("anonymous", 401), ("owner", 201), ("curator", 422), ("gov", 422), ("admin", 422)],
    )
    def test_create_needs_an_organisation(
        self, client: TestClient, actors: Actors, role: str, expected: int
    ) -> None:
        user = {
            "anonymous": None,
            "owner": actors.owner,
            "curator": actors.curator,
            "gov": actors.gov,
            "admin": actors.admin,
        }[role]
        response = client.post(
            "/api/v1/practices", json=practice_payload(), headers=auth(user) if user else {}
        )
        assert response.status_code == expected

    def test_curator_may_create_for_a_named_organisation(
        self, client: TestClient, actors: Actors
    ) -> None:
        payload = practice_payload(organisation_id=actors.org.id)
        assert (
            client.post("/api/v1/practices", json=payload, headers=auth(actors.curator)).status_code
            == 201
        )
        assert (
            client.post(
                "/api/v1/practices", json=payload, headers=auth(actors.outsider)
            ).status_code
            == 403
        )

    def test_my_organisations_practices_in_every_state(
        self, client: TestClient, actors: Actors
    ) -> None:
        for state in ("draft", "submitted", "published"):
            to_state(client, actors, state)
        mine = client.get("/api/v1/practices?mine=true", headers=auth(actors.owner)).json()
        assert sorted(p["status"] for p in mine["items"]) == ["draft", "published", "submitted"]
        theirs = client.get("/api/v1/practices?mine=true", headers=auth(actors.outsider)).json()
        assert theirs["total"] == 0
        public = client.get("/api/v1/practices").json()
        assert [p["status"] for p in public["items"]] == ["published"]
