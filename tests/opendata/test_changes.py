"""The change feed: created / updated / archived in commit order, with an opaque cursor that
never skips nor repeats an item, even while other transactions commit out of id order."""

import random
import threading
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.db import get_engine
from app.opendata.changes import kinds
from app.outbox.models import EntityType, OutboxEvent
from app.outbox.service import enqueue
from tests.opendata.conftest import World, assert_query_refused
from tests.opendata.settle import wait_until_settled
from tests.places import BOA_VISTA


def page(
    client: TestClient, since: str | None = None, limit: int = 100, settle: bool = True
) -> dict[str, Any]:
    if settle:
        wait_until_settled()
    params: dict[str, Any] = {"limit": limit}
    if since is not None:
        params["since"] = since
    response = client.get("/api/v1/changes", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def summary(items: list[dict[str, Any]]) -> list[tuple[str, int, str]]:
    return [(i["entity"], i["id"], i["change"]) for i in items]


def feed_ids() -> list[int]:
    with Session(get_engine()) as session:
        query = select(OutboxEvent.id).where(col(OutboxEvent.kind).in_(kinds()))
        return sorted(i for i in session.exec(query) if i is not None)


class TestChangeFeed:
    def test_created_updated_archived_with_the_current_public_row(self, world: World) -> None:
        gone = world.publish(title="Publicada e depois arquivada")
        world.draft(title="Rascunho: não aparece")
        kept = world.publish(title="Primeira versão")
        world.republish(kept["id"], title="Segunda versão")
        world.withdraw(gone["id"])
        policy = world.publish_policy()
        world.report(BOA_VISTA)

        items = page(world.client)["items"]
        assert summary(items) == [
            ("practice", gone["id"], "created"),
            ("practice", kept["id"], "created"),
            ("practice", kept["id"], "updated"),
            ("practice", gone["id"], "archived"),
            ("policy", policy["id"], "created"),
            ("municipality", BOA_VISTA, "updated"),
        ]
        exported = {r["id"]: r for r in world.client.get("/api/v1/exports/practices.json").json()}
        assert items[1]["data"] == items[2]["data"] == exported[kept["id"]]
        assert items[2]["data"]["title"] == "Segunda versão"
        # Rows describe the present: a practice archived since then is a tombstone everywhere.
        assert items[0]["data"] is None and items[3]["data"] is None
        assert items[4]["data"]["title"] == "Lei de Migração"
        assert items[5]["data"]["places_total"] == 60
        assert [i["event"] for i in items][-2:] == ["policy.published", "capacity.reported"]

    def test_pages_follow_each_other_without_overlap(self, world: World) -> None:
        for n in range(5):
            world.publish(title=f"Prática número {n}")
        everything = page(world.client)["items"]
        seen, cursor, pages = [], None, 0
        while True:
            body = page(world.client, cursor, limit=2)
            seen += body["items"]
            cursor, pages = body["next_cursor"], pages + 1
            if not body["has_more"]:
                break
        assert pages == 3 and seen == everything
        assert page(world.client, cursor) == {"items": [], "next_cursor": cursor, "has_more": False}
        world.publish(title="Depois da última página")
        assert [i["data"]["title"] for i in page(world.client, cursor)["items"]] == [
            "Depois da última página"
        ]

    @pytest.mark.parametrize("since", ["!!!", "bm9wZQ", "LTE6Mg"])
    def test_a_cursor_the_feed_did_not_give_answers_422(
        self, client: TestClient, since: str
    ) -> None:
        response = client.get("/api/v1/changes", params={"since": since})
        assert_query_refused(response, "since")


class TestChangeFeedUnderConcurrentWrites:
    def test_a_late_commit_with_a_lower_id_is_not_skipped(
        self, client: TestClient, backend: str
    ) -> None:
        if backend != "postgres":
            pytest.skip("SQLite serialises writers: ids are assigned in commit order")
        start = page(client)["next_cursor"]
        slow = Session(get_engine())
        enqueue(slow, EntityType.practice, 901, "practice.published")
        slow.flush()  # takes the lower id, and holds its transaction open
        with Session(get_engine()) as fast:
            enqueue(fast, EntityType.practice, 902, "practice.published")
            fast.commit()  # the higher id commits first
        # An id-based cursor would now hand out 902 and later skip 901 for ever.
        assert page(client, start, settle=False)["items"] == []
        slow.commit()
        slow.close()
        assert [i["id"] for i in page(client, start)["items"]] == [901, 902]

    def test_no_gap_and_no_duplicate_while_writers_commit(self, world: World) -> None:
        errors: list[BaseException] = []

        def publisher(n: int) -> None:
            for i in range(6):
                world.publish(title=f"Publicada pelo escritor {n}, item {i}")

        def slow_writer(n: int) -> None:
            rng = random.Random(n)
            for i in range(15):
                with Session(get_engine()) as session:
                    enqueue(session, EntityType.policy, 10_000 * n + i, "policy.published")
                    session.flush()
                    time.sleep(rng.uniform(0, 0.02))  # overlap with other transactions
                    session.commit()

        def run(target: Any, n: int) -> None:
            try:
                target(n)
            except BaseException as exc:
                errors.append(exc)

        writers = [threading.Thread(target=run, args=(publisher, n)) for n in (1, 2)]
        writers += [threading.Thread(target=run, args=(slow_writer, n)) for n in (3, 4, 5)]
        for thread in writers:
            thread.start()

        seen: list[int] = []
        cursor = None
        while True:
            finished = not any(t.is_alive() for t in writers)
            body = page(world.client, cursor, limit=7, settle=finished)
            seen += [item["event_id"] for item in body["items"]]
            cursor = body["next_cursor"]
            if finished and not body["has_more"]:
                break
        assert not errors, errors
        assert len(seen) == len(set(seen)), "an item was served twice"
        assert sorted(seen) == feed_ids(), "an item was skipped"
        assert len(seen) == 2 * 6 + 3 * 15
