"""Practices brought to each lifecycle state through the API."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import User
from app.demo.loader import STEPS
from tests.builders import auth, create_practice, make_org, make_user, required_checklist


class Actors:
    def __init__(self, session: Session):
        self.org = make_org(session, "Cáritas Roraima")
        self.other_org = make_org(session, "Associação de Migrantes", "associacao-migrantes")
        self.owner = make_user(session, "contributor", self.org, email="owner@teste.org")
        self.outsider = make_user(
            session, "contributor", self.other_org, email="outsider@teste.org"
        )
        self.curator = make_user(session, "curator", email="curator@teste.org")
        self.curator2 = make_user(session, "curator", email="curator2@teste.org")
        self.gov = make_user(session, "gov_editor", scope="RR", email="gov@teste.org")
        self.admin = make_user(session, "admin", email="admin@teste.org")


@pytest.fixture
def actors(session: Session) -> Actors:
    return Actors(session)


def post(client: TestClient, user: User | None, path: str, json: Any = None) -> Any:
    return client.post(path, json=json, headers=auth(user) if user else {})


def decide(
    client: TestClient,
    curator: User,
    practice: dict[str, Any],
    outcome: str,
    reason: str | None = None,
    revision_id: int | None = None,
) -> Any:
    body: dict[str, Any] = {
        "revision_id": revision_id or practice["revision"]["id"]
        if not practice.get("pending_revision")
        else revision_id or practice["pending_revision"]["id"],
        "outcome": outcome,
        "reason": reason,
        "checklist": required_checklist() if outcome == "approve" else {},
    }
    return post(client, curator, f"/api/v1/curation/practices/{practice['id']}/decisions", body)


def to_state(client: TestClient, actors: Actors, state: str) -> dict[str, Any]:
    """Create a practice and drive it to `state` (draft ... archived)."""
    practice = create_practice(client, actors.owner)
    pid = practice["id"]
    steps = {**STEPS, "archived": [*STEPS["published"], "withdraw"]}[state]
    for step in steps:
        if step == "submit":
            response = post(client, actors.owner, f"/api/v1/practices/{pid}/submit")
        elif step == "claim":
            response = post(client, actors.curator, f"/api/v1/curation/practices/{pid}/claim")
        elif step == "withdraw":
            response = post(
                client, actors.owner, f"/api/v1/practices/{pid}/withdraw", {"reason": "encerrada"}
            )
        else:
            response = decide(client, actors.curator, practice, str(step), reason="motivo")
        assert response.status_code in (200, 201), (step, response.text)
    current = client.get(f"/api/v1/practices/{pid}", headers=auth(actors.owner)).json()
    assert current["status"] == state
    return current
