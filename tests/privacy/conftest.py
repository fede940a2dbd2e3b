"""People and practices for the privacy tests: private contacts in every state a practice
can be in, and a consent that was given and then withdrawn."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import User
from tests.builders import auth, create_practice, make_org, make_user, publish

PUBLISHED_PRIVATE = {
    "name": "Paula Privada",
    "email": "paula.privada@example.org",
    "phone": "+55 95 91111-1111",
}
PENDING_PRIVATE = {
    "name": "Pedro Pendente",
    "email": "pedro.pendente@example.org",
    "phone": "+55 95 92222-2222",
}
WITHDRAWN = {
    "name": "Wanda Retirada",
    "email": "wanda.retirada@example.org",
    "phone": "+55 95 93333-3333",
}
DRAFT_PRIVATE = {
    "name": "Diego Rascunho",
    "email": "diego.rascunho@example.org",
    "phone": "+55 95 94444-4444",
}
CONSENTED = {
    "name": "Clara Consentida",
    "email": "clara.consentida@example.org",
    "phone": "+55 95 95555-5555",
}
# What must never reach anyone outside the owning organisation and the curators.
SECRETS = [
    c[k]
    for c in (PUBLISHED_PRIVATE, PENDING_PRIVATE, WITHDRAWN, DRAFT_PRIVATE)
    for k in ("email", "phone")
]


class People:
    def __init__(self, session: Session, client: TestClient):
        self.client = client
        self.org = make_org(session, "Cáritas Roraima", uf="RR")
        self.other_org = make_org(session, "Missão Paz", uf="SP")
        self.owner: User = make_user(session, "contributor", self.org, email="ana@caritas.org")
        self.colleague: User = make_user(session, "contributor", self.org, email="bia@caritas.org")
        self.outsider: User = make_user(
            session, "contributor", self.other_org, email="rui@missaopaz.org"
        )
        self.curator: User = make_user(session, "curator", email="curadora@partilha.org")
        self.admin: User = make_user(session, "admin", email="admin@partilha.org")
        # Distinct names: consent and curation histories say who acted.
        for user, name in ((self.owner, "Ana Dona"), (self.colleague, "Bia Colega")):
            user.name = name
            session.add(user)
        session.commit()

    def ok(self, response: Any, status: int = 200) -> Any:
        assert response.status_code == status, response.text
        return response.json() if response.content else None

    def patch(self, user: User, practice_id: int, **changes: Any) -> Any:
        return self.ok(
            self.client.patch(f"/api/v1/practices/{practice_id}", json=changes, headers=auth(user))
        )

    def publish(self, **overrides: Any) -> dict[str, Any]:
        return publish(self.client, self.owner, self.curator, **overrides)

    def draft(self, **overrides: Any) -> dict[str, Any]:
        return create_practice(self.client, self.owner, **overrides)


@pytest.fixture
def people(session: Session, client: TestClient) -> People:
    return People(session, client)


class Practices:
    """Published with a private contact and a pending edit naming another private contact;
    published with consent, then consent withdrawn; a draft; published with consent."""

    def __init__(self, people: People):
        self.private = people.publish(contact=PUBLISHED_PRIVATE, title="Casa de passagem aberta")
        people.patch(people.owner, self.private["id"], contact=PENDING_PRIVATE)
        self.withdrawn = people.publish(
            contact=WITHDRAWN, contact_public=True, title="Aulas de português para adultos"
        )
        people.patch(people.owner, self.withdrawn["id"], contact_public=False)
        self.draft = people.draft(contact=DRAFT_PRIVATE, title="Rascunho de feira de empregos")
        self.consented = people.publish(
            contact=CONSENTED, contact_public=True, title="Balcão de documentação migrante"
        )

    @property
    def ids(self) -> list[int]:
        return [p["id"] for p in (self.private, self.withdrawn, self.draft, self.consented)]


@pytest.fixture
def practices(people: People) -> Practices:
    return Practices(people)
