"""People and needs for the needs tests: a Boa Vista editor, a Roraima (UF) editor, a Manaus
editor (outside both), an admin and an organisation that offers help."""

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.needs.service import today
from tests.builders import auth, make_org, make_user, publish
from tests.places import BOA_VISTA, MANAUS


def day(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def need_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "title": "Aulas de português para adultos",
        "themes": ["ensino-portugues"],
        "description": "Faltam turmas de português à noite para 300 adultos acolhidos.",
        "people_concerned": 300,
        "until": day(60),
    }
    payload.update(overrides)
    return payload


def offer_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "message": "Temos professoras voluntárias e uma sala no centro.",
        "gives": "Duas turmas por semana, material incluído",
        "contact": "coordenacao@caritas-rr.org",
    }
    payload.update(overrides)
    return payload


class People:
    def __init__(self, session: Session, client: TestClient):
        self.client = client
        city = make_org(session, "Prefeitura de Boa Vista", type="governo-municipal", uf="RR")
        state = make_org(session, "Governo de Roraima", type="governo-estadual", uf="RR")
        manaus = make_org(session, "Prefeitura de Manaus", type="governo-municipal", uf="AM")
        self.helper_org = make_org(session, "Cáritas Roraima", uf="RR")
        self.city_editor = make_user(session, "gov_editor", city, scope=str(BOA_VISTA))
        self.city_colleague = make_user(
            session, "gov_editor", city, scope=str(BOA_VISTA), email="colega@bv.gov.br"
        )
        self.state_editor = make_user(session, "gov_editor", state, scope="RR")
        self.manaus_editor = make_user(session, "gov_editor", manaus, scope=str(MANAUS))
        self.admin = make_user(session, "admin", email="admin@teste.org")
        self.helper = make_user(session, "contributor", self.helper_org, email="ajuda@rr.org")
        self.loner = make_user(session, "curator", email="sozinho@teste.org")  # no organisation
        session.commit()

    def post_need(self, ibge: int = BOA_VISTA, **overrides: Any) -> dict[str, Any]:
        response = self.client.post(
            f"/api/v1/municipalities/{ibge}/needs",
            json=need_payload(**overrides),
            headers=auth(self.city_editor),
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    def publish(self, **overrides: Any) -> dict[str, Any]:
        """A practice of the helper's organisation, approved by the admin; returns it published."""
        return publish(self.client, self.helper, self.admin, **overrides)

    def offer(self, need_id: int, **overrides: Any) -> Any:
        return self.client.post(
            f"/api/v1/needs/{need_id}/offers",
            json=offer_payload(**overrides),
            headers=auth(self.helper),
        )


@pytest.fixture
def people(session: Session, client: TestClient) -> People:
    return People(session, client)
