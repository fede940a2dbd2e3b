"""Organisations with profiles: members who propose them, curators who approve them."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import Organisation, User
from app.config import get_settings
from app.db import get_engine
from app.search.sync import sync_once
from tests.builders import auth, claim_and_decide, make_org, make_user
from tests.places import BOA_VISTA, PACARAIMA


def profile_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "description": "Acolhe refugiados venezuelanos com abrigo, aulas de português e "
        "orientação para documentação.",
        "website": "https://caritas-rr.example.org",
        "type": "osc",
        "ufs": ["RR"],
        "municipalities": [BOA_VISTA, PACARAIMA],
        "themes": ["acolhimento-abrigamento", "ensino-portugues"],
        "languages": ["pt", "es"],
        "contact": {"channel": "email", "value": "Contato@Caritas-RR.example.org"},
    }
    payload.update(overrides)
    return payload


class Network:
    def __init__(self, session: Session, client: TestClient):
        self.session, self.client = session, client
        self.caritas: Organisation = make_org(session, "Cáritas Roraima", uf="RR")
        self.member: User = make_user(session, "contributor", self.caritas, email="m@rr.org")
        self.missao: Organisation = make_org(session, "Missão Paz", uf="SP")
        self.other: User = make_user(session, "contributor", self.missao, email="o@sp.org")
        self.curator: User = make_user(session, "curator", email="cur@teste.org")
        session.commit()

    def propose(self, org: Organisation, user: User, **overrides: Any) -> Any:
        return self.client.put(
            f"/api/v1/organisations/{org.id}/profile",
            json=profile_payload(**overrides),
            headers=auth(user),
        )

    def approve(self, org: Organisation) -> dict[str, Any]:
        """Claim and approve the profile waiting for curators; returns the organisation."""
        claim_and_decide(self.client, self.curator, "organisation-profiles", org.id)
        return self.client.get(f"/api/v1/organisations/{org.id}").json()

    def publish(self, org: Organisation, user: User, **overrides: Any) -> dict[str, Any]:
        proposed = self.propose(org, user, **overrides)
        assert proposed.status_code == 200, proposed.text
        return self.approve(org)

    def sync(self) -> None:
        self.session.commit()  # SQLite: the test's own reads must not hold the write lock
        assert sync_once(get_engine(), get_settings(), ignore_backoff=True).failed == 0


@pytest.fixture
def network(session: Session, client: TestClient) -> Network:
    return Network(session, client)
