"""The policy registry: proposal, validation, curation through the shared flow, verification."""

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.db import utcnow
from app.policies.models import Policy
from tests.builders import auth, policy_payload
from tests.places import CURITIBA
from tests.policies.conftest import (
    People,
    publish_curitiba_committee,
    publish_policy,
    publish_state_policy,
)


class TestProposePolicy:
    def test_proposal_is_private_until_approved(self, client: TestClient, people: People) -> None:
        created = client.post(
            "/api/v1/policies", json=policy_payload(), headers=auth(people.contributor)
        ).json()
        assert created["status"] == "draft"
        assert client.get(f"/api/v1/policies/{created['id']}").status_code == 404
        assert (
            client.get(
                f"/api/v1/policies/{created['id']}", headers=auth(people.outsider)
            ).status_code
            == 404
        )

    @pytest.mark.parametrize(
        ("override", "loc"),
        [
            ({"level": "municipal", "ibge_code": 9999999}, ["body", "ibge_code"]),
            ({"level": "state", "uf": "XX"}, ["body", "uf"]),
            ({"level": "municipal", "uf": "SP", "ibge_code": 4106902}, ["body", "uf"]),
            ({"themes": ["inexistente"]}, ["body", "themes", 0]),
            ({"status": "valendo"}, ["body", "status"]),
            ({"instrument_type": "medida"}, ["body", "instrument_type"]),
            ({"official_url": "javascript:alert(1)"}, ["body", "official_url"]),
            ({"date": (utcnow() + timedelta(days=3)).date().isoformat()}, ["body", "date"]),
        ],
    )
    def test_invalid_fields_are_named(
        self, client: TestClient, people: People, override: dict[str, Any], loc: list[Any]
    ) -> None:
        response = client.post(
            "/api/v1/policies", json=policy_payload(**override), headers=auth(people.contributor)
        )
        assert response.status_code == 422, response.text
        assert any(e["loc"][: len(loc)] == loc for e in response.json()["errors"])

    def test_a_state_draft_names_its_uf_before_it_is_sent(
        self, client: TestClient, people: People
    ) -> None:
        owner = auth(people.contributor)
        draft = client.post("/api/v1/policies", json=policy_payload(level="state"), headers=owner)
        assert draft.status_code == 201, draft.text  # a draft may name it later
        sent = client.post(f"/api/v1/policies/{draft.json()['id']}/submit", headers=owner)
        assert sent.status_code == 422, sent.text
        assert ["body", "uf"] in [e["loc"] for e in sent.json()["errors"]]


class TestPolicyCuration:
    def test_shared_queue_and_publication(self, client: TestClient, people: People) -> None:
        created = client.post(
            "/api/v1/policies",
            json=policy_payload(level="municipal", ibge_code=4106902),
            headers=auth(people.contributor),
        ).json()
        client.post(f"/api/v1/policies/{created['id']}/submit", headers=auth(people.contributor))
        queue = client.get("/api/v1/curation/queue", headers=auth(people.curator)).json()
        assert [(i["kind"], i["subject_id"], i["ufs"]) for i in queue["items"]] == [
            ("policy", created["id"], ["PR"])
        ]
        assert (
            client.get("/api/v1/curation/queue?kind=practice", headers=auth(people.curator)).json()[
                "total"
            ]
            == 0
        )

    def test_approval_needs_the_policy_checklist(self, client: TestClient, people: People) -> None:
        created = client.post(
            "/api/v1/policies", json=policy_payload(), headers=auth(people.contributor)
        ).json()
        pid = created["id"]
        client.post(f"/api/v1/policies/{pid}/submit", headers=auth(people.contributor))
        client.post(f"/api/v1/curation/policies/{pid}/claim", headers=auth(people.curator))
        decision = {"revision_id": created["revision"]["id"], "outcome": "approve", "checklist": {}}
        response = client.post(
            f"/api/v1/curation/policies/{pid}/decisions",
            json=decision,
            headers=auth(people.curator),
        )
        assert response.status_code == 422
        assert ["body", "checklist", "fonte-oficial"] in [
            e["loc"] for e in response.json()["errors"]
        ]

    def test_a_status_change_is_a_new_revision_with_history(
        self, client: TestClient, people: People
    ) -> None:
        policy = publish_policy(client, people)
        pid = policy["id"]
        edited = client.patch(
            f"/api/v1/policies/{pid}", json={"status": "revogada"}, headers=auth(people.contributor)
        )
        assert edited.status_code == 200
        assert (
            client.get(f"/api/v1/policies/{pid}").json()["revision"]["content"]["status"]
            == "em-vigor"
        )
        history = client.get(
            f"/api/v1/policies/{pid}/history", headers=auth(people.contributor)
        ).json()
        assert [e["action"] for e in history][-1] == "edit"
        assert (
            client.post(
                f"/api/v1/policies/{pid}/withdraw", json={}, headers=auth(people.outsider)
            ).status_code
            == 403
        )


class TestVerification:
    def test_stale_verification_is_listed_until_verified(
        self, client: TestClient, session: Session, people: People
    ) -> None:
        def due() -> list[dict[str, Any]]:
            path = "/api/v1/policies/verification-due"
            return list(client.get(path, headers=auth(people.curator)).json())

        policy = publish_policy(client, people)
        assert due() == []
        row = session.get(Policy, policy["id"])
        assert row is not None
        row.published_at = utcnow() - timedelta(days=181)
        session.add(row)
        session.commit()
        [listed] = due()
        assert listed["id"] == policy["id"] and listed["days_since_verified"] >= 181
        assert client.get(f"/api/v1/policies/{policy['id']}").json()["needs_verification"] is True
        assert (
            client.post(
                f"/api/v1/policies/{policy['id']}/verify", headers=auth(people.contributor)
            ).status_code
            == 403
        )
        verified = client.post(
            f"/api/v1/policies/{policy['id']}/verify",
            json={"reason": "conferido no DOU"},
            headers=auth(people.curator),
        )
        assert verified.status_code == 200 and verified.json()["needs_verification"] is False
        assert due() == []
        public_history = client.get(f"/api/v1/policies/{policy['id']}/history").json()
        assert [e["action"] for e in public_history] == ["approve", "verify"]


class TestPoliciesOnTheMunicipalityProfile:
    def test_federal_state_and_local_policies_in_force(
        self, client: TestClient, people: People
    ) -> None:
        federal = publish_policy(client, people)
        state = publish_state_policy(
            client, people, title="Política estadual do Paraná", number="18.465/2015"
        )
        local = publish_curitiba_committee(client, people, title="Comitê municipal")
        publish_policy(client, people, level="state", uf="SP", title="Política paulista")
        repealed = publish_state_policy(client, people, title="Lei antiga", status="revogada")
        profile = client.get(f"/api/v1/municipalities/{CURITIBA}").json()
        ids = {p["id"] for p in profile["policies_in_force"]}
        assert ids == {federal["id"], state["id"], local["id"]}
        assert repealed["id"] not in ids
        elsewhere = client.get("/api/v1/municipalities/4113700").json()  # Londrina, PR
        assert {p["id"] for p in elsewhere["policies_in_force"]} == {federal["id"], state["id"]}
