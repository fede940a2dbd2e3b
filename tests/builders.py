"""Typed builders for test data. They go through the real service functions."""

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts import service as accounts
from app.accounts.models import Organisation, OrganisationCreate, Role, User, UserCreate
from app.accounts.security import create_token
from app.config import get_settings
from app.db import utcnow

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


def required_checklist(kind: str = "practice") -> dict[str, str]:
    from app.catalog.loader import get_catalog

    return {c.id: "yes" for c in get_catalog().criteria_for(kind) if c.required}


def create_practice(client: TestClient, user: User, **overrides: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/practices", json=practice_payload(**overrides), headers=auth(user)
    )
    assert response.status_code == 201, response.text
    return response.json()


def publish(client: TestClient, owner: User, curator: User, **overrides: Any) -> dict[str, Any]:
    """Create, submit, claim and approve a practice; returns the published practice."""
    return _approve(
        client, owner, curator, "practices", create_practice(client, owner, **overrides)
    )


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


def publish_policy(
    client: TestClient, owner: User, curator: User, **overrides: Any
) -> dict[str, Any]:
    """Create, submit, claim and approve a policy; returns the published policy."""
    created = client.post("/api/v1/policies", json=policy_payload(**overrides), headers=auth(owner))
    assert created.status_code == 201, created.text
    return _approve(client, owner, curator, "policies", created.json())


CRITERIA_KIND = {
    "practices": "practice",
    "policies": "policy",
    "replications": "replication",
    "organisation-profiles": "organisation_profile",
}


def replication_payload(practice_id: int, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "practice_id": practice_id,
        "ibge_code": 3550308,  # São Paulo
        "start_date": "2025-03-01",
        "status": "running",
        "adaptations": "Turmas à noite, porque as famílias trabalham de dia; material em espanhol.",
        "results": "Três turmas formadas no primeiro semestre.",
        "figures": [{"label": "famílias atendidas", "value": 120}],
        "links": ["https://exemplo.org/replicacao"],
        "contact": {
            "name": "Ana Souza",
            "email": "ana.privada@exemplo.org",
            "phone": "11 9999-0000",
        },
    }
    payload.update(overrides)
    return payload


def publish_replication(
    client: TestClient, owner: User, curator: User, practice_id: int, **overrides: Any
) -> dict[str, Any]:
    """Report, submit, claim and approve a replication; returns it as the public sees it."""
    created = client.post(
        "/api/v1/replications",
        json=replication_payload(practice_id, **overrides),
        headers=auth(owner),
    )
    assert created.status_code == 201, created.text
    return _approve(client, owner, curator, "replications", created.json())


def _approve(
    client: TestClient, owner: User, curator: User, segment: str, item: dict[str, Any]
) -> dict[str, Any]:
    """Submit, claim and approve a created item of the kind at /api/v1/<segment>."""
    pid = item["id"]
    submitted = client.post(f"/api/v1/{segment}/{pid}/submit", headers=auth(owner))
    assert submitted.status_code == 200, submitted.text
    claim_and_decide(client, curator, segment, pid)
    return client.get(f"/api/v1/{segment}/{pid}").json()


def claim_and_decide(
    client: TestClient,
    curator: User,
    segment: str,
    key: int,
    outcome: str = "approve",
    **extra: Any,
) -> None:
    """Claim the submitted revision at /api/v1/curation/<segment>/<key> and decide on it; by
    default approve it, every required criterion met. `extra`: the decision's other fields
    (reason, checklist)."""
    base = f"/api/v1/curation/{segment}/{key}"
    claimed = client.post(f"{base}/claim", headers=auth(curator))
    assert claimed.status_code == 200, claimed.text
    decision = {
        "revision_id": claimed.json()["revision_id"],
        "outcome": outcome,
        "checklist": required_checklist(CRITERIA_KIND[segment]),
        **extra,
    }
    decided = client.post(f"{base}/decisions", json=decision, headers=auth(curator))
    assert decided.status_code == 201, decided.text


def days_ago(n: int) -> str:
    """The ISO date n days before today (UTC)."""
    return (utcnow().date() - timedelta(days=n)).isoformat()


def report_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "as_of": days_ago(10),
        "source": "secretaria-municipal",
        "places": [
            {"facility_type": "abrigo-institucional", "total": 40, "occupied": 32},
            {"facility_type": "casa-de-passagem", "total": 20, "occupied": 20},
        ],
        "services": ["cras", "aulas-portugues"],
        "receives_interiorizacao": True,
        "families_per_month": 12,
        "notes": "Dados da secretaria de assistência social.",
    }
    payload.update(overrides)
    return payload


def call_day(offset: int) -> str:
    """The ISO date `offset` days from today on Brasília's calendar (the calls' calendar)."""
    from app.calls.service import today

    return (today() + timedelta(days=offset)).isoformat()


def call_payload(**overrides: Any) -> dict[str, Any]:
    """A national call open since yesterday for 30 days."""
    payload: dict[str, Any] = {
        "title": "Chamada: ensino de português",
        "description": "Práticas de ensino de português como língua de acolhimento.",
        "themes": ["educacao"],
        "scope": "national",
        "opens_on": call_day(-1),
        "closes_on": call_day(30),
    }
    payload.update(overrides)
    return payload
