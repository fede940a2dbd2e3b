"""A world of published, draft, archived and re-published content, built through the API."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import User
from tests import builders
from tests.builders import (
    auth,
    create_practice,
    make_org,
    make_user,
    publish,
    publish_policy,
    publish_replication,
    report_payload,
    required_checklist,
)


def assert_query_refused(response: Any, parameter: str) -> None:
    """A 422 problem naming the query parameter at fault."""
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", parameter]


class World:
    def __init__(self, session: Session, client: TestClient):
        self.session = session
        self.client = client
        self.org = make_org(session, "Cáritas Roraima", uf="RR")
        self.owner: User = make_user(session, "contributor", self.org, email="owner@teste.org")
        self.curator: User = make_user(session, "curator", email="curator@teste.org")
        self.admin: User = make_user(session, "admin", email="admin@teste.org")
        self.replicator: User | None = None  # made by the first replicate()

    def ok(self, response: Any, status: int = 200) -> Any:
        assert response.status_code == status, response.text
        return response.json() if response.content else None

    def publish(self, **overrides: Any) -> dict[str, Any]:
        return publish(self.client, self.owner, self.curator, **overrides)

    def draft(self, **overrides: Any) -> dict[str, Any]:
        return create_practice(self.client, self.owner, **overrides)

    def withdraw(self, practice_id: int) -> None:
        self.ok(
            self.client.post(f"/api/v1/practices/{practice_id}/withdraw", headers=auth(self.owner))
        )

    def edit(self, practice_id: int, **patch: Any) -> dict[str, Any]:
        """A new revision of a published practice, left pending (not approved)."""
        return self.ok(
            self.client.patch(
                f"/api/v1/practices/{practice_id}", json=patch, headers=auth(self.owner)
            )
        )

    def republish(self, practice_id: int, **patch: Any) -> dict[str, Any]:
        """Edit a published practice and approve the new revision."""
        pending = self.edit(practice_id, **patch)["pending_revision"]
        self.ok(
            self.client.post(f"/api/v1/practices/{practice_id}/submit", headers=auth(self.owner))
        )
        self.ok(
            self.client.post(
                f"/api/v1/curation/practices/{practice_id}/claim", headers=auth(self.curator)
            )
        )
        decision = {
            "revision_id": pending["id"],
            "outcome": "approve",
            "checklist": required_checklist(),
        }
        self.ok(
            self.client.post(
                f"/api/v1/curation/practices/{practice_id}/decisions",
                json=decision,
                headers=auth(self.curator),
            ),
            201,
        )
        return self.ok(self.client.get(f"/api/v1/practices/{practice_id}"))

    def report(self, ibge: int, days_ago: int = 10, **overrides: Any) -> dict[str, Any]:
        payload = report_payload(as_of=builders.days_ago(days_ago), **overrides)
        return self.ok(
            self.client.post(
                f"/api/v1/municipalities/{ibge}/capacity-reports",
                json=payload,
                headers=auth(self.curator),
            ),
            201,
        )

    def replicate(self, practice_id: int, **overrides: Any) -> dict[str, Any]:
        """A replication of the practice by another organisation, published."""
        if self.replicator is None:
            other = make_org(self.session, "Missão Paz", uf="SP")
            self.replicator = make_user(self.session, "contributor", other, email="mp@sp.org")
        return publish_replication(
            self.client, self.replicator, self.curator, practice_id, **overrides
        )

    def publish_policy(self, **overrides: Any) -> dict[str, Any]:
        return publish_policy(self.client, self.owner, self.curator, **overrides)

    def withdraw_policy(self, policy_id: int) -> None:
        self.ok(
            self.client.post(f"/api/v1/policies/{policy_id}/withdraw", headers=auth(self.owner))
        )


@pytest.fixture
def world(session: Session, client: TestClient) -> World:
    return World(session, client)
