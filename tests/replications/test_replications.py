"""Replications through the API: curated like every kind, shown on the practice, searchable,
the contact never public, bad input refused with nothing written."""

from typing import Any

import pytest
from sqlmodel import func, select

from app.config import get_settings
from app.db import get_engine
from app.replications.models import Replication, ReplicationRevision
from app.search.sync import sync_once
from tests.builders import auth, replication_payload
from tests.places import BELO_HORIZONTE, SAO_PAULO
from tests.replications.conftest import PRIVATE_EMAIL, World


def _report(world: World, practice_id: int, **overrides: Any) -> Any:
    return world.client.post(
        "/api/v1/replications",
        json=replication_payload(practice_id, **overrides),
        headers=auth(world.replicator),
    )


class TestLifecycle:
    def test_hidden_until_approved_then_shown_on_the_practice(self, world: World) -> None:
        practice = world.practice()
        created = _report(world, practice["id"])
        assert created.status_code == 201, created.text
        rid = created.json()["id"]
        assert created.json()["status"] == "draft"
        assert world.client.get(f"/api/v1/replications/{rid}").status_code == 404
        listed = world.client.get(f"/api/v1/practices/{practice['id']}/replications").json()
        assert listed == {"items": [], "total": 0}

        published = world.replicate(practice["id"], ibge_code=BELO_HORIZONTE)
        public = world.client.get(f"/api/v1/replications/{published['id']}").json()
        assert public["status"] == "published"
        assert public["municipality"] == {
            "ibge_code": BELO_HORIZONTE,
            "name": "Belo Horizonte",
            "uf": "MG",
        }
        assert public["organisation"]["name"] == "Missão Paz"
        assert public["practice_title"] == practice["revision"]["content"]["title"]
        shown = world.client.get(f"/api/v1/practices/{practice['id']}").json()
        assert shown["replication_count"] == 1
        assert shown["replicated_in"] == [
            {"ibge_code": BELO_HORIZONTE, "name": "Belo Horizonte", "uf": "MG"}
        ]
        listed = world.client.get(f"/api/v1/practices/{practice['id']}/replications").json()
        assert [item["id"] for item in listed["items"]] == [published["id"]]
        profile = world.client.get(f"/api/v1/municipalities/{BELO_HORIZONTE}").json()
        assert [r["practice_id"] for r in profile["replicated_here"]] == [practice["id"]]
        assert profile["replicated_here"][0]["organisation"] == "Missão Paz"

    def test_an_edit_of_a_published_replication_is_a_new_revision(self, world: World) -> None:
        practice = world.practice()
        published = world.replicate(practice["id"])
        path = f"/api/v1/replications/{published['id']}"
        edited = world.client.patch(
            path, json={"status": "ended", "end_date": "2026-01-31"}, headers=auth(world.replicator)
        )
        assert edited.status_code == 200, edited.text
        assert edited.json()["pending_revision"]["number"] == 2
        public = world.client.get(path).json()
        assert public["revision"]["content"]["status"] == "running"  # until curators approve
        history = world.client.get(f"{path}/history", headers=auth(world.replicator)).json()
        assert history, "every transition is in the history"

    def test_its_curation_follows_the_engine_rules(self, world: World) -> None:
        practice = world.practice()
        rid = _report(world, practice["id"]).json()["id"]
        world.client.post(f"/api/v1/replications/{rid}/submit", headers=auth(world.replicator))
        queue = world.client.get(
            "/api/v1/curation/queue", params={"kind": "replications"}, headers=auth(world.curator)
        )
        assert queue.status_code == 200, queue.text
        items = queue.json()["items"]
        assert [(item["kind"], item["subject_id"]) for item in items] == [("replication", rid)]
        assert items[0]["title"] == "São Paulo/SP (2025-03-01)"
        # A contributor may not take it into review.
        refused = world.client.post(
            f"/api/v1/curation/replications/{rid}/claim", headers=auth(world.outsider)
        )
        assert refused.status_code == 403


class TestPrivateContact:
    def test_the_contact_reaches_only_its_organisation_and_curators(self, world: World) -> None:
        practice = world.practice()
        published = world.replicate(practice["id"])
        path = f"/api/v1/replications/{published['id']}"
        public_reads = [
            world.client.get(path),
            world.client.get(path, headers=auth(world.outsider)),
            world.client.get(path, headers=auth(world.author)),  # the practice's own authors
            world.client.get(f"/api/v1/practices/{practice['id']}/replications"),
            world.client.get(f"/api/v1/municipalities/{SAO_PAULO}"),
        ]
        for response in public_reads:
            assert response.status_code == 200
            assert PRIVATE_EMAIL not in response.text
            assert "Ana Souza" not in response.text
        for user in (world.replicator, world.curator):
            own = world.client.get(path, headers=auth(user)).json()
            assert own["revision"]["content"]["contact"]["email"] == PRIVATE_EMAIL


def _count(model: type) -> int:
    from sqlmodel import Session

    with Session(get_engine()) as session:
        return session.exec(select(func.count()).select_from(model)).one()


class TestBadInput:
    @pytest.mark.parametrize(
        ("overrides", "status", "field"),
        [
            ({"ibge_code": 9999999}, 422, "ibge_code"),
            ({"status": "running", "start_date": "2999-01-01"}, 422, "start_date"),
            ({"start_date": "2025-03-01", "end_date": "2025-02-01"}, 422, "end_date"),
            ({"status": "paused"}, 422, "status"),
        ],
    )
    def test_refused_naming_the_field_and_nothing_written(
        self, world: World, overrides: dict[str, Any], status: int, field: str
    ) -> None:
        practice = world.practice()
        before = (_count(Replication), _count(ReplicationRevision))
        response = _report(world, practice["id"], **overrides)
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert [e["loc"][-1] for e in response.json()["errors"]] == [field]
        assert (_count(Replication), _count(ReplicationRevision)) == before

    def test_a_future_start_is_fine_when_planned(self, world: World) -> None:
        practice = world.practice()
        response = _report(world, practice["id"], status="planned", start_date="2999-01-01")
        assert response.status_code == 201, response.text

    def test_only_a_published_practice_can_be_replicated(self, world: World) -> None:
        draft = world.client.post(
            "/api/v1/practices",
            json=__import__("tests.builders").builders.practice_payload(),
            headers=auth(world.author),
        ).json()
        unpublished = _report(world, draft["id"])
        assert unpublished.status_code == 409, unpublished.text
        assert unpublished.json()["errors"][0]["loc"] == ["body", "practice_id"]
        assert _report(world, 999_999).status_code == 422

        archived = world.practice()
        withdrawn = world.client.post(
            f"/api/v1/practices/{archived['id']}/withdraw",
            json={"reason": "encerrada"},
            headers=auth(world.author),
        )
        assert withdrawn.status_code == 200, withdrawn.text
        response = _report(world, archived["id"])
        assert response.status_code == 409
        assert "archived" in response.json()["errors"][0]["msg"]
        assert _count(Replication) == 0


class TestSearch:
    def test_replicated_filter_and_the_ufs_facet(self, world: World) -> None:
        replicated = world.practice(title="Aulas de português replicadas")
        world.practice(title="Aulas de português sem réplica")
        world.replicate(replicated["id"], ibge_code=BELO_HORIZONTE)
        world.session.commit()
        sync_once(get_engine(), get_settings())
        found = world.client.get("/api/v1/search/practices", params={"replicated": "true"}).json()
        assert [hit["id"] for hit in found["hits"]] == [replicated["id"]]
        assert found["hits"][0]["replication_count"] == 1
        assert found["facets"]["replicated_uf"][0]["value"] == "MG"
        in_mg = world.client.get("/api/v1/search/practices", params={"replicated_uf": "mg"}).json()
        assert [hit["id"] for hit in in_mg["hits"]] == [replicated["id"]]
        never = world.client.get("/api/v1/search/practices", params={"replicated": "false"})
        assert replicated["id"] not in [hit["id"] for hit in never.json()["hits"]]


class TestPersonalData:
    def test_the_data_export_holds_the_replications_one_wrote(self, world: World) -> None:
        practice = world.practice()
        created = _report(world, practice["id"]).json()
        export = world.client.get("/api/v1/me/export", headers=auth(world.replicator)).json()
        [revision] = export["replication_revisions"]
        assert revision["replication_id"] == created["id"]
        assert revision["content"]["contact"]["email"] == PRIVATE_EMAIL
        other = world.client.get("/api/v1/me/export", headers=auth(world.author)).json()
        assert other["replication_revisions"] == []


class TestAuthorsHearOfIt:
    def test_the_authors_see_who_replicated_their_practice(self, world: World) -> None:
        practice = world.practice()
        published = world.replicate(practice["id"], ibge_code=BELO_HORIZONTE)
        _report(world, practice["id"])  # a draft: not announced
        path = "/api/v1/replications/of-my-practices"
        mine = world.client.get(path, headers=auth(world.author)).json()
        assert [item["id"] for item in mine["items"]] == [published["id"]]
        assert mine["items"][0]["organisation"]["name"] == "Missão Paz"
        assert PRIVATE_EMAIL not in str(mine)  # the author is not the replicating organisation
        others = world.client.get(path, headers=auth(world.outsider)).json()
        assert others["items"] == []
