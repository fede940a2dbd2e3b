"""What reaches the index, and when: only public state, following every change."""

import pytest
from sqlmodel import Session

from app.accounts.models import Organisation
from app.municipalities.models import Municipality
from app.search.events import municipality_changed, organisation_changed
from tests.builders import auth
from tests.search.conftest import World, refuse_document


class TestPublishedDocument:
    def test_only_public_fields_are_stored(self, world: World) -> None:
        practice = world.publish(
            description="## Como funciona\n\nA **casa** recebe [famílias](https://x.org/a).",
            contact={"name": "Maria Sigilosa", "email": "sigilo@example.org", "phone": "+55 95 1"},
            contact_public=True,
        )
        world.sync()
        doc = world.raw_document(practice["id"])
        assert doc is not None
        flat = str(doc)
        assert "contact" not in doc and "Sigilosa" not in flat and "sigilo@example.org" not in flat
        assert doc["description"] == "Como funciona · A casa recebe famílias."  # blocks kept apart
        assert doc["municipalities"] == [1400100] and doc["ufs"] == ["RR"]
        assert doc["regions"] == ["Norte"] and doc["organisation"] == "Cáritas Roraima"
        assert doc["_geo"]["lat"] == pytest.approx(2.82, abs=0.1)
        assert len(doc["hash"]) == 32

    def test_drafts_are_never_indexed(self, world: World) -> None:
        from tests.builders import create_practice

        draft = create_practice(world.client, world.owner, title="Rascunho secreto de acolhimento")
        world.sync()
        assert world.raw_document(draft["id"]) is None


class TestChangesFollow:
    def test_withdrawn_practice_disappears(self, world: World) -> None:
        practice = world.publish(title="Horta comunitária com migrantes")
        world.sync()
        assert world.ids(q="horta comunitária") == [practice["id"]]
        world.post(
            world.owner, f"/api/v1/practices/{practice['id']}/withdraw", {"reason": "encerrada"}
        )
        world.sync()
        assert world.ids(q="horta comunitária") == []
        assert world.raw_document(practice["id"]) is None

    def test_new_approved_revision_replaces_the_old_text(self, world: World) -> None:
        practice = world.publish(title="Feira de culinária venezuelana")
        world.sync()
        pid = practice["id"]
        edited = world.client.patch(
            f"/api/v1/practices/{pid}",
            json={"title": "Feira de gastronomia haitiana"},
            headers=auth(world.owner),
        )
        assert edited.status_code == 200, edited.text
        world.sync()
        # Pending revision: the public text is still the approved one.
        assert world.ids(q="culinária") == [pid] and world.ids(q="gastronomia") == []
        world.approve(pid, edited.json()["pending_revision"]["id"])
        world.sync()
        assert world.ids(q="gastronomia") == [pid] and world.ids(q="culinária") == []

    def test_organisation_rename_reaches_its_documents(
        self, world: World, session: Session
    ) -> None:
        practice = world.publish()
        world.sync()
        org = session.get(Organisation, world.org.id)
        assert org is not None
        org.name = "Cáritas Arquidiocesana de Boa Vista"
        session.add(org)
        organisation_changed(session, org.id or 0)
        session.commit()
        world.sync()
        doc = world.raw_document(practice["id"])
        assert doc is not None and doc["organisation"] == "Cáritas Arquidiocesana de Boa Vista"
        assert world.ids(q="arquidiocesana") == [practice["id"]]

    def test_municipality_rename_reaches_autocomplete_and_practices(
        self, world: World, session: Session
    ) -> None:
        practice = world.publish()  # in Boa Vista (1400100)
        world.sync()
        place = session.get(Municipality, 1400100)
        assert place is not None
        place.name = "Boa Vista do Rio Branco"
        session.add(place)
        municipality_changed(session, 1400100)
        session.commit()
        world.sync()
        doc = world.raw_document(practice["id"])
        assert doc is not None and doc["municipality_names"] == ["Boa Vista do Rio Branco"]
        found = world.client.get("/api/v1/municipalities", params={"q": "vista rio branco"})
        assert found.json()[0]["name"] == "Boa Vista do Rio Branco"


class TestOutboxBookkeeping:
    def test_events_are_marked_processed_never_deleted(self, world: World) -> None:
        world.publish()
        world.publish(title="Segunda prática de acolhimento")
        result = world.sync()
        assert result.status == "ok" and result.processed == 2 and result.failed == 0
        rows = world.outbox()
        assert len(rows) == 2 and all(r.processed_at is not None for r in rows)

    def test_a_rejected_document_is_isolated(
        self, world: World, session: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        good = [world.publish(title=f"Prática boa número {n}") for n in range(3)]
        bad = world.publish(title="Prática com documento inválido")

        refuse_document(monkeypatch, bad["id"])
        result = world.sync()
        assert result.processed == 3 and result.failed == 1
        assert sorted(world.ids(q="prática boa")) == sorted(p["id"] for p in good)
        [failed] = world.outbox(bad["id"])
        assert failed.processed_at is None and failed.attempts == 1
        assert failed.last_error and "geo" in failed.last_error.lower()
        assert failed.next_attempt_at > failed.created_at
        # Fixed (the real builder is back): the retry goes through.
        monkeypatch.undo()
        assert world.sync(retry_all=True).processed == 1
        [retried] = world.outbox(bad["id"])
        assert retried.processed_at is not None and world.raw_document(bad["id"]) is not None
