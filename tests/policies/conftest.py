"""Policy builders: people, payloads, and a policy published through the API."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.builders import auth, make_org, make_user


def policy_payload(**overrides: Any) -> dict[str, Any]:
    payload = {
        "instrument_type": "lei",
        "number": "13.445/2017",
        "date": "2017-05-24",
        "title": "Lei de Migração",
        "summary": "Dispõe sobre os direitos e os deveres do migrante e do visitante.",
        "official_url": "https://www.planalto.gov.br/ccivil_03/_ato2015-2018/2017/lei/l13445.htm",
        "level": "federal",
        "themes": ["documentacao-regularizacao", "acesso-justica"],
        "status": "em-vigor",
    }
    payload.update(overrides)
    return payload


def policy_checklist() -> dict[str, str]:
    from app.catalog.loader import get_catalog

    return {c.id: "yes" for c in get_catalog().criteria_for("policy") if c.required}


class People:
    def __init__(self, session: Session):
        org = make_org(session, "Cáritas Paraná", uf="PR")
        self.contributor = make_user(session, "contributor", org, email="c@pr.org")
        self.outsider = make_user(
            session, "contributor", make_org(session, "Outra", uf="SP"), email="o@sp.org"
        )
        self.curator = make_user(session, "curator", email="cur@teste.org")


@pytest.fixture
def people(session: Session) -> People:
    return People(session)


def publish_policy(client: TestClient, people: People, **overrides: Any) -> dict[str, Any]:
    created = client.post(
        "/api/v1/policies", json=policy_payload(**overrides), headers=auth(people.contributor)
    )
    assert created.status_code == 201, created.text
    policy = created.json()
    pid = policy["id"]
    assert (
        client.post(f"/api/v1/policies/{pid}/submit", headers=auth(people.contributor)).status_code
        == 200
    )
    assert (
        client.post(
            f"/api/v1/curation/policies/{pid}/claim", headers=auth(people.curator)
        ).status_code
        == 200
    )
    decision = {
        "revision_id": policy["revision"]["id"],
        "outcome": "approve",
        "checklist": policy_checklist(),
    }
    response = client.post(
        f"/api/v1/curation/policies/{pid}/decisions", json=decision, headers=auth(people.curator)
    )
    assert response.status_code == 201, response.text
    return client.get(f"/api/v1/policies/{pid}").json()
