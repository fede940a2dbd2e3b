"""GET /api/v1/policies: published policies searched in their own Meilisearch index, fed by
the same outbox as practices."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import get_settings
from app.db import get_engine
from app.search.sync import sync_once
from tests.builders import auth
from tests.places import CURITIBA
from tests.policies.conftest import (
    People,
    publish_curitiba_committee,
    publish_policy,
    publish_state_policy,
)


def sync(session: Session) -> None:
    session.commit()  # SQLite: the test's own reads must not hold the write lock
    result = sync_once(get_engine(), get_settings(), ignore_backoff=True)
    assert result.failed == 0


class TestPolicySearch:
    def test_text_filters_and_facets(
        self, client: TestClient, session: Session, people: People
    ) -> None:
        federal = publish_policy(client, people)
        state = publish_state_policy(
            client,
            people,
            title="Política Estadual para Migrantes do Paraná",
            summary="Institui a política estadual de atenção a refugiados e migrantes.",
            themes=["assistencia-social"],
        )
        local = publish_curitiba_committee(
            client,
            people,
            title="Comitê Municipal de Migrantes de Curitiba",
            status="em-tramitacao",
            summary="Cria o comitê municipal de participação de migrantes e refugiados.",
        )
        sync(session)
        by_text = client.get("/api/v1/policies", params={"q": "refujiados paraná"}).json()
        assert by_text["hits"][0]["id"] == state["id"]
        assert "<mark>" in by_text["hits"][0]["highlight"]["summary"]
        everything = client.get("/api/v1/policies").json()
        assert everything["total"] == 3
        assert {f["value"]: f["count"] for f in everything["facets"]["level"]} == {
            "federal": 1,
            "state": 1,
            "municipal": 1,
        }
        in_pr = client.get("/api/v1/policies", params={"uf": "pr"}).json()
        assert {h["id"] for h in in_pr["hits"]} == {state["id"], local["id"]}
        curitiba = client.get("/api/v1/policies", params={"municipality": CURITIBA}).json()
        assert [h["id"] for h in curitiba["hits"]] == [local["id"]]
        in_force = client.get("/api/v1/policies", params=[("status", "em-vigor")]).json()
        assert {h["id"] for h in in_force["hits"]} == {federal["id"], state["id"]}

    def test_unknown_values_and_injection(
        self, client: TestClient, session: Session, people: People
    ) -> None:
        publish_policy(client, people)
        sync(session)
        for name, value in [
            ("level", "galactic"),
            ("uf", "XX"),
            ("theme", "nada"),
            ("municipality", "9999999"),
        ]:
            response = client.get("/api/v1/policies", params={name: value})
            assert response.status_code == 422
            assert response.json()["errors"][0]["loc"] == ["query", name]
        sneaky = client.get(
            "/api/v1/policies", params={"status": 'em-vigor" OR id EXISTS OR status = "x'}
        )
        assert sneaky.status_code == 422

    def test_withdrawn_policy_leaves_the_index(
        self, client: TestClient, session: Session, people: People
    ) -> None:
        policy = publish_policy(client, people)
        sync(session)
        assert client.get("/api/v1/policies").json()["total"] == 1
        response = client.post(
            f"/api/v1/policies/{policy['id']}/withdraw", json={}, headers=auth(people.curator)
        )
        assert response.status_code == 200
        sync(session)
        assert client.get("/api/v1/policies").json()["total"] == 0
