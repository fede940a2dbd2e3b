"""Replications: a practice published by one organisation, replicated by another."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import User
from tests.builders import make_org, make_user, publish, publish_replication

PRIVATE_EMAIL = "ana.privada@exemplo.org"


class World:
    def __init__(self, session: Session, client: TestClient):
        self.session = session
        self.client = client
        author = make_org(session, "Cáritas Roraima", uf="RR")
        self.author: User = make_user(session, "contributor", author, email="autor@rr.org")
        replicator = make_org(session, "Missão Paz", uf="SP")
        self.replicator: User = make_user(session, "contributor", replicator, email="mp@sp.org")
        self.outsider: User = make_user(
            session, "contributor", make_org(session, "Outra", uf="MG"), email="o@mg.org"
        )
        self.curator: User = make_user(session, "curator", email="cur@teste.org")
        session.commit()

    def practice(self, **overrides: Any) -> dict[str, Any]:
        return publish(self.client, self.author, self.curator, **overrides)

    def replicate(self, practice_id: int, **overrides: Any) -> dict[str, Any]:
        return publish_replication(
            self.client, self.replicator, self.curator, practice_id, **overrides
        )


@pytest.fixture
def world(session: Session, client: TestClient) -> World:
    return World(session, client)
