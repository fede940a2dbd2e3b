"""Policy builders: people, payloads, and a policy published through the API."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests import builders
from tests.builders import make_org, make_user, required_checklist
from tests.builders import policy_payload as policy_payload  # other test folders import it here
from tests.places import CURITIBA


def policy_checklist() -> dict[str, str]:
    return required_checklist("policy")


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
    return builders.publish_policy(client, people.contributor, people.curator, **overrides)


def publish_state_policy(client: TestClient, people: People, **overrides: Any) -> dict[str, Any]:
    """A policy of the state of Paraná."""
    return publish_policy(client, people, level="state", uf="PR", **overrides)


def publish_curitiba_committee(
    client: TestClient, people: People, **overrides: Any
) -> dict[str, Any]:
    """A municipal committee of Curitiba, PR."""
    return publish_policy(
        client,
        people,
        level="municipal",
        ibge_code=CURITIBA,
        instrument_type="ato-comite",
        **overrides,
    )
