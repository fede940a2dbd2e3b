"""Actors and payload builders for the municipalities tests."""

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import User
from app.db import utcnow
from tests.builders import auth, make_org, make_user, report_payload
from tests.places import BOA_VISTA


class Actors:
    def __init__(self, session: Session):
        self.org = make_org(session, "Cáritas Roraima")
        self.contributor = make_user(session, "contributor", self.org, email="contrib@teste.org")
        self.curator = make_user(session, "curator", email="curator@teste.org")
        self.admin = make_user(session, "admin", email="admin@teste.org")
        self.gov_city = make_user(session, "gov_editor", scope=str(BOA_VISTA), email="bv@teste.org")
        self.gov_uf = make_user(session, "gov_editor", scope="RR", email="rr@teste.org")
        self.gov_am = make_user(session, "gov_editor", scope="AM", email="am@teste.org")


@pytest.fixture
def actors(session: Session) -> Actors:
    return Actors(session)


def today() -> date:
    return utcnow().date()


def post_report(client: TestClient, user: User | None, ibge: int, **overrides: Any) -> Any:
    headers = auth(user) if user else {}
    return client.post(
        f"/api/v1/municipalities/{ibge}/capacity-reports",
        json=report_payload(**overrides),
        headers=headers,
    )


def report(client: TestClient, user: User, ibge: int, **overrides: Any) -> dict[str, Any]:
    response = post_report(client, user, ibge, **overrides)
    assert response.status_code == 201, response.text
    return response.json()
