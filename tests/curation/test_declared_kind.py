"""A kind declared in the test suite alone goes through the whole engine: its API routes, the
queue, four-eyes, separation of duties, history and outbox events, without touching the engine.

This is the proof that a new curated kind is a declaration (README: "How to add a curated kind")."""

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlmodel import Field, Session, SQLModel, col, select

from app.accounts.models import Role, User
from app.curation import creation, decisions, registry
from app.curation import service as curation
from app.curation.kinds import CuratedKind, KindLabels
from app.curation.models import CuratedBase, CurationEvent, LifecycleStatus, RevisionBase
from app.db import get_engine
from app.errors import Forbidden
from app.outbox.models import OutboxEvent
from tests.builders import auth, make_org, make_user


class Gadget(CuratedBase, table=True):
    __tablename__ = "test_gadget"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int | None = None


class GadgetRevision(RevisionBase, table=True):
    __tablename__ = "test_gadget_revision"

    id: int | None = Field(default=None, primary_key=True)
    gadget_id: int = Field(index=True)


# Kept out of the app's metadata: the migrations-vs-models check must not see the test's tables.
TABLES = [Gadget.__table__, GadgetRevision.__table__]  # type: ignore[attr-defined]
for _table in TABLES:
    SQLModel.metadata.remove(_table)


class GadgetContent(BaseModel):
    title: str


# Declared in full, where the app's kinds leave the URL segment, the revision's key and the
# owner to the engine's conventions: this kind goes through the explicit path.
GADGET = CuratedKind(
    name="gadget",
    segment="gadgets",
    subject=Gadget,
    revision=GadgetRevision,
    parent_key="gadget_id",
    content_schema=GadgetContent,
    labels=KindLabels(
        singular={"pt-BR": "engenhoca", "es": "artilugio", "en": "gadget", "fr": "gadget"},
        plural={"pt-BR": "engenhocas", "es": "artilugios", "en": "gadgets", "fr": "gadgets"},
    ),
    owner_of=lambda gadget: gadget.organisation_id,
    approvals_required=2,
)


@pytest.fixture
def gadgets(env: None) -> Iterator[CuratedKind]:
    for table in TABLES:
        table.create(get_engine())
    with registry.registered(GADGET) as kind:
        yield kind


@pytest.fixture
def api(gadgets: CuratedKind) -> Iterator[TestClient]:
    from app.main import create_app

    with TestClient(create_app()) as client:  # routes made from the registry, gadgets included
        yield client


class People:
    def __init__(self, session: Session):
        self.org = make_org(session, "Oficina Teste")
        self.other_org = make_org(session, "Outra Oficina", uf="SP")
        self.author = make_user(session, "contributor", self.org, email="author@teste.org")
        self.curator_same_org = make_user(session, "curator", self.org, email="c0@teste.org")
        self.curator = make_user(session, "curator", self.other_org, email="c1@teste.org")
        self.curator2 = make_user(session, "curator", email="c2@teste.org")
        self.admin = make_user(session, "admin", email="admin@teste.org")


@pytest.fixture
def people(session: Session) -> People:
    return People(session)


def _new_gadget(
    session: Session, author: User, org_id: int | None, content: GadgetContent
) -> Gadget:
    """What the kind's own domain would do on create (and hand creation.create): its row, then
    the engine's first revision, filled in; the caller commits."""
    gadget = Gadget(
        organisation_id=org_id, status=LifecycleStatus.draft, created_by_id=author.id or 0
    )
    session.add(gadget)
    session.flush()
    revision = curation.start(session, author, GADGET, gadget)
    revision.content = content.model_dump()
    revision.themes_key = "|moradia|"
    return gadget


def _draft(session: Session, author: User, org_id: int | None, title: str = "Engenhoca") -> int:
    gadget = _new_gadget(session, author, org_id, GadgetContent(title=title))
    session.commit()
    return gadget.id or 0


def _submitted(session: Session, people: People, **kw: Any) -> int:
    gadget_id = _draft(session, people.author, people.org.id, **kw)
    gadget = session.get(Gadget, gadget_id)
    curation.submit(session, people.author, GADGET, gadget)
    session.commit()
    return gadget_id


def _post(api: TestClient, user: User, path: str, body: Any = None) -> Any:
    return api.post(path, json=body, headers=auth(user))


def _decide(api: TestClient, user: User, gadget_id: int, outcome: str, **kw: Any) -> Any:
    revision_id = kw.pop("revision_id")
    body = {"revision_id": revision_id, "outcome": outcome, "checklist": {}, **kw}
    return _post(api, user, f"/api/v1/curation/gadgets/{gadget_id}/decisions", body)


def _revision(session: Session, gadget_id: int) -> int:
    with Session(get_engine()) as fresh:  # a short transaction: on SQLite each one locks
        gadget = fresh.get(Gadget, gadget_id)
        assert gadget is not None
        return gadget.latest_revision_id or 0


class TestLifecycle:
    def test_queue_claim_four_eyes_publish_history_and_outbox(
        self, api: TestClient, session: Session, people: People
    ) -> None:
        gadget_id = _submitted(session, people, title="Engenhoca solar")
        rev = _revision(session, gadget_id)

        queue = api.get("/api/v1/curation/queue?kind=gadgets", headers=auth(people.curator))
        assert queue.status_code == 200, queue.text
        [item] = queue.json()["items"]
        assert (item["kind"], item["segment"], item["title"]) == (
            "gadget",
            "gadgets",
            "Engenhoca solar",
        )
        assert (item["organisation"], item["approvals_required"]) == ("Oficina Teste", 2)
        assert item["cannot_decide"] is None

        claimed = _post(api, people.curator, f"/api/v1/curation/gadgets/{gadget_id}/claim")
        assert claimed.status_code == 200, claimed.text
        first = _decide(api, people.curator, gadget_id, "approve", revision_id=rev)
        assert first.status_code == 201, first.text
        assert first.json()["to_status"] == "in_review"  # the declaration asks for two approvals
        again = _decide(api, people.curator, gadget_id, "approve", revision_id=rev)
        assert again.status_code == 409
        second = _decide(api, people.curator2, gadget_id, "approve", revision_id=rev)
        assert second.status_code == 201, second.text
        assert second.json()["to_status"] == "approved"

        gadget = session.get(Gadget, gadget_id)
        assert gadget is not None
        session.refresh(gadget)
        assert gadget.status == LifecycleStatus.published
        events = session.exec(
            select(OutboxEvent.entity_type, OutboxEvent.entity_id, OutboxEvent.kind).where(
                OutboxEvent.entity_type == "gadget"
            )
        ).all()
        assert events == [("gadget", gadget_id, "gadget.published")]
        session.commit()

        public = api.get(f"/api/v1/gadgets/{gadget_id}/history").json()
        assert [(e["action"], e["to_status"]) for e in public][-1] == ("approve", "approved")
        assert {e["action"] for e in public} == {"approve"}
        assert {e["actor"] for e in public} == {"curadoria"}
        full = api.get(f"/api/v1/gadgets/{gadget_id}/history", headers=auth(people.author))
        assert [e["action"] for e in full.json()] == [
            "create",
            "submit",
            "claim",
            "approve",
            "approve",
        ]

    def test_unpublished_item_is_hidden_and_unknown_kind_is_named(
        self, api: TestClient, session: Session, people: People
    ) -> None:
        gadget_id = _draft(session, people.author, people.org.id)
        assert api.get(f"/api/v1/gadgets/{gadget_id}/history").status_code == 404
        unknown = api.get("/api/v1/curation/queue?kind=widgets", headers=auth(people.curator))
        assert unknown.status_code == 422
        assert "gadgets" in unknown.text and "practices" in unknown.text

    def test_openapi_lists_the_kinds_operations(self, api: TestClient) -> None:
        paths = api.get("/openapi.json").json()["paths"]
        assert "post" in paths["/api/v1/curation/gadgets/{gadget_id}/claim"]
        assert "post" in paths["/api/v1/curation/gadgets/{gadget_id}/decisions"]
        assert "get" in paths["/api/v1/gadgets/{gadget_id}/history"]


class TestSeparationOfDuties:
    def test_a_curator_of_the_submitting_organisation_may_not_decide(
        self, api: TestClient, session: Session, people: People
    ) -> None:
        gadget_id = _submitted(session, people)
        queue = api.get("/api/v1/curation/queue", headers=auth(people.curator_same_org)).json()
        [item] = [i for i in queue["items"] if i["kind"] == "gadget"]
        assert item["cannot_decide"] == "conflict_own_organisation"
        refused = _post(api, people.curator_same_org, f"/api/v1/curation/gadgets/{gadget_id}/claim")
        assert refused.status_code == 403
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["code"] == "conflict_own_organisation"

    def test_staff_who_authored_an_item_on_behalf_of_an_organisation_may_not_decide(
        self, api: TestClient, session: Session, people: People
    ) -> None:
        # An admin records a gadget sent by e-mail, credited to another organisation.
        gadget_id = _draft(session, people.admin, people.other_org.id)
        gadget = session.get(Gadget, gadget_id)
        curation.submit(session, people.admin, GADGET, gadget)
        session.commit()
        claimed = _post(api, people.curator2, f"/api/v1/curation/gadgets/{gadget_id}/claim")
        assert claimed.status_code == 200, claimed.text
        rev = _revision(session, gadget_id)
        refused = _decide(api, people.admin, gadget_id, "approve", revision_id=rev)
        assert refused.status_code == 403
        assert refused.json()["code"] == "conflict_authored"
        # Nothing was written by the refusal.
        actions = session.exec(
            select(CurationEvent.action).where(
                CurationEvent.subject_type == "gadget", CurationEvent.subject_id == gadget_id
            )
        ).all()
        assert [a.value for a in actions] == ["create", "submit", "claim"]

    def test_a_curator_who_edited_an_item_may_not_decide(
        self, session: Session, people: People, gadgets: CuratedKind
    ) -> None:
        gadget_id = _draft(session, people.author, people.org.id)
        gadget = session.get(Gadget, gadget_id)
        curation.revise(session, people.curator, GADGET, gadget)  # a curator's fix in the draft
        curation.submit(session, people.author, GADGET, gadget)
        session.commit()
        with pytest.raises(Forbidden) as refused:
            decisions.claim(session, people.curator, GADGET, gadget_id, None)
        assert refused.value.extra["code"] == "conflict_authored"
        session.rollback()
        event = decisions.claim(session, people.curator2, GADGET, gadget_id, None)
        assert event.action == "claim"

    def test_contributors_may_not_decide(
        self, api: TestClient, session: Session, people: People
    ) -> None:
        gadget_id = _submitted(session, people)
        outsider = make_user(session, "contributor", people.other_org, email="o@teste.org")
        session.commit()
        refused = _post(api, outsider, f"/api/v1/curation/gadgets/{gadget_id}/claim")
        assert refused.status_code == 403
        assert refused.json()["code"] == "not_a_decider"
        assert (
            session.exec(select(CurationEvent).where(col(CurationEvent.action) == "claim")).all()
            == []
        )

    def test_the_declaration_says_who_decides(
        self, session: Session, people: People, gadgets: CuratedKind
    ) -> None:
        # The same kind declared as decided by government editors (and admins), not curators.
        by_government = replace(GADGET, deciders=frozenset({Role.gov_editor, Role.admin}))
        gadget_id = _submitted(session, people)
        editor = make_user(session, "gov_editor", scope="SP", email="gov@teste.org")
        with pytest.raises(Forbidden) as refused:
            decisions.claim(session, people.curator, by_government, gadget_id, None)
        assert refused.value.extra["code"] == "not_a_decider"
        session.rollback()
        event = decisions.claim(session, editor, by_government, gadget_id, None)
        assert (event.action, event.to_status) == ("claim", "in_review")


class TestCreation:
    def test_the_declaration_says_who_proposes_and_retries_find_the_first_item(
        self, session: Session, people: People, gadgets: CuratedKind
    ) -> None:
        by_members = replace(GADGET, proposers=frozenset({Role.contributor}))
        payload = GadgetContent(title="Engenhoca proposta")

        def draft(author: User) -> Callable[[], Gadget]:
            return lambda: _new_gadget(session, author, author.organisation_id, payload)

        with pytest.raises(Forbidden) as refused:
            creation.create(
                session, people.curator, by_members, payload, "k1", draft(people.curator)
            )
        assert refused.value.extra["code"] == "not_a_proposer"
        session.rollback()
        assert session.exec(select(Gadget)).all() == []

        first, replayed = creation.create(
            session, people.author, by_members, payload, "k1", draft(people.author)
        )
        again, replayed_again = creation.create(
            session, people.author, by_members, payload, "k1", draft(people.author)
        )
        assert (replayed, replayed_again, again.id) == (False, True, first.id)
        assert len(session.exec(select(Gadget)).all()) == 1
