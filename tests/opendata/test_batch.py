"""Bulk submission by partners: NDJSON, each line on its own, idempotent per external_id."""

import json
import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, func, select

from app.accounts.models import User
from app.curation.models import RevisionStatus
from app.db import get_engine
from app.practices import service
from app.practices.models import Practice, PracticeRevision
from tests.builders import auth, make_org, make_user, practice_payload
from tests.opendata.conftest import World

NDJSON = {"Content-Type": "application/x-ndjson"}


def line(external_id: str | None, **overrides: Any) -> str:
    payload = practice_payload(**overrides)
    if external_id is not None:
        payload["external_id"] = external_id
    return json.dumps(payload, ensure_ascii=False)


def api_key(client: TestClient, user: User) -> dict[str, str]:
    created = client.post("/api/v1/api-keys", json={"name": "sistema parceiro"}, headers=auth(user))
    assert created.status_code == 201, created.text
    return {"X-API-Key": created.json()["key"], **NDJSON}


def send(client: TestClient, headers: dict[str, str], lines: list[str]) -> dict[str, Any]:
    response = client.post(
        "/api/v1/practices/batch", content="\n".join(lines).encode(), headers=headers
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def practices_in_db() -> int:
    with Session(get_engine()) as session:
        return int(session.exec(select(func.count()).select_from(Practice)).one())


MIXED = [
    line("oka-1", title="Aulas de português para crianças"),
    '{"external_id": "oka-2", "title": ',  # cut in the middle
    line("oka-3", themes=["tema-inventado"], municipalities=[9999999]),
    line(None, title="Sem identificador do parceiro"),
    "",
    '["not", "an", "object"]',
    line("oka-4", title="Feira de empregos para migrantes"),
]


class TestBatchSubmission:
    def test_mixed_lines_each_get_their_own_result(self, world: World) -> None:
        result = send(world.client, api_key(world.client, world.owner), MIXED)
        assert (result["created"], result["duplicate"], result["invalid"]) == (2, 0, 4)
        by_line = {r["line"]: r for r in result["results"]}
        assert sorted(by_line) == [1, 2, 3, 4, 6, 7]  # the blank line 5 is skipped, not renumbered
        assert [by_line[n]["status"] for n in (1, 7)] == ["created", "created"]
        assert by_line[2]["problem"]["status"] == 400
        assert by_line[2]["problem"]["errors"][0]["type"] == "json_invalid"
        bad = by_line[3]
        assert bad["external_id"] == "oka-3" and bad["problem"]["status"] == 422
        assert {tuple(e["loc"]) for e in bad["problem"]["errors"]} >= {
            ("body", "themes", 0),
            ("body", "municipalities", 0),
        }
        assert by_line[4]["problem"]["errors"][0]["loc"] == ["body", "external_id"]
        assert by_line[6]["problem"]["status"] == 422
        assert practices_in_db() == 2

        queue = world.client.get("/api/v1/curation/queue", headers=auth(world.curator)).json()
        assert {i["subject_id"] for i in queue["items"]} == {
            by_line[1]["practice_id"],
            by_line[7]["practice_id"],
        }
        created = world.client.get(
            f"/api/v1/practices/{by_line[7]['practice_id']}", headers=auth(world.owner)
        ).json()
        assert created["status"] == "submitted"
        assert created["revision"]["content"]["title"] == "Feira de empregos para migrantes"

    def test_the_same_validation_as_a_single_submission(self, world: World) -> None:
        bad = practice_payload(summary="curto", links=["javascript:alert(1)"], scope="state")
        single = world.client.post("/api/v1/practices", json=bad, headers=auth(world.owner))
        batch = send(
            world.client, {**auth(world.owner), **NDJSON}, [json.dumps({**bad, "external_id": "x"})]
        )
        assert single.status_code == 422
        assert batch["results"][0]["problem"]["errors"] == single.json()["errors"]

    def test_resending_answers_duplicate_with_the_same_ids(self, world: World) -> None:
        headers = api_key(world.client, world.owner)
        first = send(world.client, headers, MIXED)
        again = send(world.client, headers, [*MIXED, line("oka-5")])
        assert (again["created"], again["duplicate"], again["invalid"]) == (1, 2, 4)

        def ids(result: dict[str, Any]) -> dict[int, int]:
            return {x["line"]: x["practice_id"] for x in result["results"] if x["practice_id"]}

        assert {n: i for n, i in ids(again).items() if n != 8} == ids(first)
        assert practices_in_db() == 3
        # Another organisation's ids are its own.
        other = make_user(
            world.session,
            "contributor",
            make_org(world.session, "Outra ONG"),
            email="outra@teste.org",
        )
        assert send(world.client, {**auth(other), **NDJSON}, [line("oka-1")])["created"] == 1

    def test_a_repeated_external_id_in_one_batch_is_created_once(self, world: World) -> None:
        result = send(
            world.client,
            {**auth(world.owner), **NDJSON},
            [line("dup", title="Primeira"), line("dup", title="Segunda")],
        )
        first, second = result["results"]
        assert (first["status"], second["status"]) == ("created", "duplicate")
        assert first["practice_id"] == second["practice_id"]

    def test_concurrent_identical_batches_create_each_line_once(self, world: World) -> None:
        body = "\n".join(
            line(f"c-{n}", title=f"Prática concorrente {n}") for n in range(8)
        ).encode()
        barrier = threading.Barrier(2)
        results: list[Any] = [None, None]

        def run(i: int) -> None:
            with Session(get_engine(), expire_on_commit=False) as session:
                user = session.get(User, world.owner.id)
                assert user is not None
                session.commit()  # end the read (on SQLite it holds the write lock)
                barrier.wait()
                results[i] = service.submit_batch(session, user, body)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert results[0].created + results[1].created == 8
        assert results[0].duplicate + results[1].duplicate == 8
        assert practices_in_db() == 8
        with Session(get_engine()) as session:
            submitted = session.exec(
                select(func.count())
                .select_from(PracticeRevision)
                .where(col(PracticeRevision.status) == RevisionStatus.submitted)
            ).one()
        assert submitted == 8


class TestUnexpectedFailures:
    def test_a_line_failing_unexpectedly_gets_its_own_result_and_undoes_only_itself(
        self, world: World, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        original = service._new_draft

        def broken_for_one(session: Session, user: User, data: Any) -> Practice:
            practice = original(session, user, data)  # written, then the line breaks
            if getattr(data, "external_id", None) == "quebra":
                raise RuntimeError("a bug met by one line")
            return practice

        monkeypatch.setattr(service, "_new_draft", broken_for_one)
        lines = [line("antes"), line("quebra"), line("depois")]
        response = world.client.post(
            "/api/v1/practices/batch",
            content="\n".join(lines).encode(),
            headers={**auth(world.owner), **NDJSON, "X-Request-ID": "lote-1"},
        )
        assert response.status_code == 200, response.text
        first, broken, last = response.json()["results"]
        assert (first["status"], last["status"]) == ("created", "created")
        assert broken["status"] == "invalid" and broken["external_id"] == "quebra"
        assert broken["practice_id"] is None
        assert broken["problem"]["status"] == 500
        assert broken["problem"]["request_id"] == "lote-1"
        assert practices_in_db() == 2  # the broken line's draft was rolled back

        monkeypatch.setattr(service, "_new_draft", original)
        again = send(world.client, {**auth(world.owner), **NDJSON}, lines)
        assert [r["status"] for r in again["results"]] == ["duplicate", "created", "duplicate"]


class TestBatchLimits:
    def test_only_ndjson_is_accepted(self, world: World) -> None:
        response = world.client.post(
            "/api/v1/practices/batch", json=[practice_payload()], headers=auth(world.owner)
        )
        assert response.status_code == 415
        assert response.headers["content-type"] == "application/problem+json"

    def test_at_most_1000_lines(self, world: World) -> None:
        body = "\n".join(["{}"] * 1001).encode()
        response = world.client.post(
            "/api/v1/practices/batch", content=body, headers={**auth(world.owner), **NDJSON}
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["body"]
        assert practices_in_db() == 0

    def test_its_own_body_limit_of_20_mb(self, world: World) -> None:
        headers = {**auth(world.owner), **NDJSON}
        padding = "x" * 4000
        over_general_limit = "\n".join(
            f'{{"external_id": "{n}", "note": "{padding}"' for n in range(600)
        )
        assert 1_000_000 < len(over_general_limit) < 20_000_000
        accepted = world.client.post(
            "/api/v1/practices/batch", content=over_general_limit.encode(), headers=headers
        )
        assert accepted.status_code == 200 and accepted.json()["invalid"] == 600
        too_big = b"{}\n" * 7_000_001
        response = world.client.post("/api/v1/practices/batch", content=too_big, headers=headers)
        assert response.status_code == 413

    def test_partners_authenticate(self, client: TestClient) -> None:
        response = client.post(
            "/api/v1/practices/batch", content=line("a").encode(), headers=NDJSON
        )
        assert response.status_code == 401
