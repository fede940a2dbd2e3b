"""Typed builders for test data. They go through the real service functions."""

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts import service as accounts
from app.accounts.models import Organisation, OrganisationCreate, Role, User, UserCreate
from app.accounts.security import create_token
from app.config import get_settings

PASSWORD = "senha-de-teste-123"


def make_org(
    session: Session, name: str = "Cáritas Teste", type: str = "osc", uf: str | None = "RR"
) -> Organisation:
    return accounts.create_organisation(session, OrganisationCreate(name=name, type=type, uf=uf))


def make_user(
    session: Session,
    role: Role | str,
    org: Organisation | None = None,
    scope: str | None = None,
    email: str | None = None,
) -> User:
    role = Role(role)
    email = email or f"{role.value}-{org.id if org else 'x'}-{scope or 'all'}@teste.org"
    return accounts.create_user(
        session,
        UserCreate(
            email=email,
            name=f"{role.value} de teste",
            password=PASSWORD,
            role=role,
            organisation=org.name if org else None,
            scope=scope,
        ),
    )


def auth(user: User) -> dict[str, str]:
    settings = get_settings()
    return {"Authorization": f"Bearer {create_token(user.id or 0, settings.secret_key, 30)}"}


def practice_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "template": "geral",
        "title": "Acolhimento de refugiados venezuelanos em Boa Vista",
        "summary": "Rede local de acolhimento e capacitação para refugiados e migrantes.",
        "description": (
            "## Como funciona\n\nA casa de passagem recebe famílias e oferece aulas de português."
        ),
        "themes": ["acolhimento-abrigamento", "ensino-portugues"],
        "audiences": ["refugiados", "migrantes"],
        "scope": "municipal",
        "municipalities": [1400100],
        "partners": ["DPU"],
        "start_date": "2019-03-01",
        "ongoing": True,
        "results": "Famílias acolhidas e encaminhadas.",
        "evidence_level": "monitorada",
        "resources": "Equipe de 4 pessoas.",
        "how_to_replicate": "Mapear a rede local e firmar parcerias.",
        "languages": ["pt", "es"],
        "links": ["https://example.org/pratica"],
        "contact": {
            "name": "Maria Contato",
            "email": "maria@example.org",
            "phone": "+55 95 0000-0000",
        },
        "contact_public": False,
        "details": {"implementation_stage": "consolidada", "people_reached": 120},
    }
    payload.update(overrides)
    return payload


def required_checklist() -> dict[str, str]:
    from app.catalog.loader import get_catalog

    return {c.id: "yes" for c in get_catalog().criteria_for("practice") if c.required}


def create_practice(client: TestClient, user: User, **overrides: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/practices", json=practice_payload(**overrides), headers=auth(user)
    )
    assert response.status_code == 201, response.text
    return response.json()


def publish(client: TestClient, owner: User, curator: User, **overrides: Any) -> dict[str, Any]:
    """Create, submit, claim and approve a practice; returns the published practice."""
    practice = create_practice(client, owner, **overrides)
    pid = practice["id"]
    assert client.post(f"/api/v1/practices/{pid}/submit", headers=auth(owner)).status_code == 200
    claimed = client.post(f"/api/v1/curation/practices/{pid}/claim", headers=auth(curator))
    assert claimed.status_code == 200, claimed.text
    decision = {
        "revision_id": practice["revision"]["id"],
        "outcome": "approve",
        "checklist": required_checklist(),
    }
    decided = client.post(
        f"/api/v1/curation/practices/{pid}/decisions", json=decision, headers=auth(curator)
    )
    assert decided.status_code == 201, decided.text
    return client.get(f"/api/v1/practices/{pid}").json()
