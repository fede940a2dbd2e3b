"""Drafts save whatever is there (only the title required); the full check runs on submit; and
an item sent to the curators comes back to draft through the API (retract), for every kind."""

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import User
from tests.builders import (
    auth,
    make_org,
    make_user,
    policy_payload,
    practice_payload,
    publish,
    replication_payload,
)
from tests.curation.conftest import Actors, post, to_state
from tests.web.helpers import post_form, practice_form, sign_in


def fields_named(problem: dict[str, Any]) -> set[str]:
    return {".".join(str(p) for p in e["loc"][1:]) for e in problem["errors"]}


def queued_ids(client: TestClient, curator: User, segment: str) -> set[int]:
    page = client.get(f"/api/v1/curation/queue?kind={segment}", headers=auth(curator)).json()
    return {item["subject_id"] for item in page["items"]}


def complete_and_send(
    client: TestClient, actors: Actors, segment: str, item_id: int, content: dict[str, Any]
) -> None:
    """Save `content` into the owner's draft and send it: the curators' queue then holds it."""
    edited = client.patch(f"/api/v1/{segment}/{item_id}", json=content, headers=auth(actors.owner))
    assert edited.status_code == 200, edited.text
    sent = post(client, actors.owner, f"/api/v1/{segment}/{item_id}/submit")
    assert sent.status_code == 200, sent.text
    assert item_id in queued_ids(client, actors.curator, segment)


class TestDraftsOfEveryKindWithATitle:
    def test_practice_saves_with_a_title_and_is_checked_whole_when_sent(
        self, client: TestClient, actors: Actors
    ) -> None:
        owner = auth(actors.owner)
        created = client.post(
            "/api/v1/practices",
            json={"template": "geral", "title": "Horta comunitária", "summary": ""},
            headers=owner,
        )
        assert created.status_code == 201, created.text
        draft = created.json()
        assert draft["status"] == "draft"
        assert draft["revision"]["content"]["title"] == "Horta comunitária"
        pid = draft["id"]
        # What is given must still be well-formed, each problem naming its field.
        for given, named in (
            ({"themes": ["nao-existe"]}, "themes.0"),
            ({"contact": {"name": "Ana", "email": "ana-sem-arroba"}}, "contact.email"),
        ):
            bad = client.post(
                "/api/v1/practices",
                json={"template": "geral", "title": "Horta", **given},
                headers=owner,
            )
            assert bad.status_code == 422 and fields_named(bad.json()) == {named}, bad.text
        untitled = client.post("/api/v1/practices", json={"template": "geral"}, headers=owner)
        assert untitled.status_code == 422 and "title" in fields_named(untitled.json())
        # Only its authors see it; the public list, search and the curators do not.
        mine = client.get("/api/v1/practices?mine=true", headers=owner).json()
        assert pid in [p["id"] for p in mine["items"]]
        assert pid not in [p["id"] for p in client.get("/api/v1/practices").json()["items"]]
        # Submit runs the full check: one 422 naming every missing field; it stays a draft.
        refused = post(client, actors.owner, f"/api/v1/practices/{pid}/submit")
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        missing = {"summary", "description", "themes", "audiences", "scope"}
        assert missing | {"evidence_level", "languages"} <= fields_named(refused.json())
        assert client.get(f"/api/v1/practices/{pid}", headers=owner).json()["status"] == "draft"
        assert pid not in queued_ids(client, actors.curator, "practices")
        # The template's required field is checked on submit too, once the rest is there.
        full = practice_payload(title="Horta comunitária")
        details = full.pop("details")
        for key in ("template", "organisation_id"):
            full.pop(key, None)
        edited = client.patch(f"/api/v1/practices/{pid}", json=full, headers=owner)
        assert edited.status_code == 200, edited.text
        refused = post(client, actors.owner, f"/api/v1/practices/{pid}/submit")
        assert refused.status_code == 422
        assert fields_named(refused.json()) == {"details.implementation_stage"}
        complete_and_send(client, actors, "practices", pid, {"details": details})

    def test_policy_saves_with_a_title_and_is_checked_whole_when_sent(
        self, client: TestClient, actors: Actors
    ) -> None:
        owner = auth(actors.owner)
        created = client.post(
            "/api/v1/policies", json={"title": "Lei municipal de acolhimento"}, headers=owner
        )
        assert created.status_code == 201, created.text
        policy_id = created.json()["id"]
        bad = client.post(
            "/api/v1/policies", json={"title": "Lei", "themes": ["nao-existe"]}, headers=owner
        )
        assert bad.status_code == 422 and "themes.0" in fields_named(bad.json())
        refused = post(client, actors.owner, f"/api/v1/policies/{policy_id}/submit")
        assert refused.status_code == 422, refused.text
        expected = {"instrument_type", "date", "summary", "official_url", "level", "themes"}
        assert expected | {"status"} <= fields_named(refused.json())
        full = policy_payload(title="Lei municipal de acolhimento")
        complete_and_send(client, actors, "policies", policy_id, full)

    def test_a_batch_line_missing_fields_is_refused_naming_them(
        self, client: TestClient, actors: Actors
    ) -> None:
        # A batch creates and submits at once: the full check applies to each line.
        line = '{"external_id": "x-1", "template": "geral", "title": "Só o título"}'
        response = client.post(
            "/api/v1/practices/batch",
            content=line.encode(),
            headers={**auth(actors.owner), "Content-Type": "application/x-ndjson"},
        )
        assert response.status_code == 200, response.text
        (result,) = response.json()["results"]
        assert result["status"] == "invalid"
        assert "summary" in {e["loc"][-1] for e in result["problem"]["errors"]}


class TestRetractThroughTheApi:
    def test_practice_back_to_draft_from_the_queue_only(
        self, client: TestClient, actors: Actors
    ) -> None:
        for state in ("submitted", "in_review"):
            practice = to_state(client, actors, state)
            path = f"/api/v1/practices/{practice['id']}/retract"
            assert post(client, actors.outsider, path).status_code in (403, 404)
            retracted = post(client, actors.owner, path)
            assert retracted.status_code == 200, retracted.text
            assert retracted.json()["status"] == "draft"
            assert practice["id"] not in queued_ids(client, actors.curator, "practices")
            again = post(client, actors.owner, path)
            assert again.status_code == 409
            assert "submit" in again.json()["allowed"]
        published = to_state(client, actors, "published")
        refused = post(client, actors.owner, f"/api/v1/practices/{published['id']}/retract")
        assert refused.status_code == 409

    def test_policies_and_replications_have_it_too(
        self, client: TestClient, session: Session, actors: Actors
    ) -> None:
        practice = publish(client, actors.owner, actors.curator)
        town = make_org(session, "Prefeitura de Pacaraima", "governo-municipal")
        replicator = make_user(session, "contributor", town, email="rep@teste.org")
        created = {
            "policies": (
                actors.owner,
                client.post("/api/v1/policies", json=policy_payload(), headers=auth(actors.owner)),
            ),
            "replications": (
                replicator,
                client.post(
                    "/api/v1/replications",
                    json=replication_payload(practice["id"]),
                    headers=auth(replicator),
                ),
            ),
        }
        for segment, (author, response) in created.items():
            assert response.status_code == 201, response.text
            path = f"/api/v1/{segment}/{response.json()['id']}"
            assert post(client, author, f"{path}/retract").status_code == 409  # a draft already
            assert post(client, author, f"{path}/submit").status_code == 200
            assert post(client, actors.outsider, f"{path}/retract").status_code in (403, 404)
            retracted = post(client, author, f"{path}/retract")
            assert retracted.status_code == 200, retracted.text
            assert retracted.json()["status"] == "draft"
            assert response.json()["id"] not in queued_ids(client, actors.curator, segment)


class TestTheWebFormSavesADraft:
    def test_a_title_saves_and_a_failed_send_keeps_what_was_typed(
        self, client: TestClient, actors: Actors
    ) -> None:
        sign_in(client, actors.owner)
        new, form_page = "/praticas/nova", "/praticas/nova?modelo=geral"
        # What the form posts when only the title was typed (its defaults: scope, language).
        only_title = {
            "template": "geral",
            "title": "Feira de saberes",
            "scope": "municipal",
            "languages": ["pt"],
            "action": "draft",
        }
        saved = post_form(client, new, form_page, only_title)
        assert saved.status_code == 303, saved.text
        owner = auth(actors.owner)
        (draft,) = client.get("/api/v1/practices?mine=true", headers=owner).json()["items"]
        assert draft["status"] == "draft"
        edit = f"/praticas/{draft['id']}/editar"
        # An incomplete draft reads well wherever its authors meet it.
        for page in (f"/praticas/{draft['id']}", edit, "/minhas-praticas"):
            shown = client.get(page)
            assert shown.status_code == 200 and "Feira de saberes" in shown.text, page
        policy = client.post(
            "/api/v1/policies", json={"title": "Lei de acolhimento"}, headers=owner
        )
        for page in (
            f"/politicas/{policy.json()['id']}",
            f"/politicas/{policy.json()['id']}/editar",
            "/minhas-praticas",
        ):
            shown = client.get(page)
            assert shown.status_code == 200 and "Lei de acolhimento" in shown.text, page
        # Sending it: refused, each missing field named beside it, the typed text kept.
        results = "Quarenta famílias na primeira feira."
        typed = {**only_title, "results": results, "action": "submit"}
        refused = post_form(client, edit, edit, typed)
        assert refused.status_code == 422, refused.text
        for field in ("summary", "description", "themes", "evidence_level"):
            assert f'id="err-{field}"' in refused.text
        assert 'id="err-details-implementation_stage"' in refused.text
        assert results in refused.text
        stored = client.get(f"/api/v1/practices/{draft['id']}", headers=owner).json()
        assert stored["status"] == "draft"
        assert stored["revision"]["content"]["results"] == results
        # Complete, it is sent.
        sent = post_form(client, edit, edit, {**practice_form(), "action": "submit"})
        assert sent.status_code == 303, sent.text
        assert client.get(f"/api/v1/practices/{draft['id']}", headers=owner).json()["status"] == (
            "submitted"
        )
