"""Search tests: practices published through the real API, the outbox processed by calling
the sync function directly (the worker thread is off), and a real Meilisearch."""

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.accounts.models import Organisation, User
from app.config import get_settings
from app.db import get_engine
from app.outbox.models import OutboxEvent
from app.practices.index import PRACTICES
from app.search import delivery
from app.search.server import MeiliProcess
from app.search.specs import specs
from app.search.sync import PassResult, sync_once
from tests.builders import auth, make_org, make_user, publish, required_checklist


class World:
    """An organisation, its contributor and a curator; helpers to publish and search."""

    def __init__(self, session: Session, client: TestClient, meili: MeiliProcess):
        self.session = session
        self.client = client
        self.meili = meili
        self.org: Organisation = make_org(session, "Cáritas Roraima")
        self.owner: User = make_user(session, "contributor", self.org, email="owner@teste.org")
        self.curator: User = make_user(session, "curator", email="curator@teste.org")

    def publish(self, **overrides: Any) -> dict[str, Any]:
        return publish(self.client, self.owner, self.curator, **overrides)

    @contextmanager
    def worker_running(self, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
        """The app with its outbox worker on, as in production: the world's requests go to it
        until the block ends and the app (and its worker) stops."""
        monkeypatch.setenv("PARTILHA_OUTBOX_WORKER", "true")
        get_settings.cache_clear()
        from app.main import create_app

        with TestClient(create_app()) as app_client:
            self.client = app_client
            yield app_client

    def post(self, user: User, path: str, json: Any = None, expected: int = 200) -> Any:
        response = self.client.post(path, json=json, headers=auth(user))
        assert response.status_code == expected, response.text
        return response.json()

    def approve(self, practice_id: int, revision_id: int) -> None:
        """Submit, claim and approve a revision (a new one of a published practice)."""
        self.post(self.owner, f"/api/v1/practices/{practice_id}/submit")
        self.post(self.curator, f"/api/v1/curation/practices/{practice_id}/claim")
        decision = {
            "revision_id": revision_id,
            "outcome": "approve",
            "checklist": required_checklist(),
        }
        self.post(
            self.curator, f"/api/v1/curation/practices/{practice_id}/decisions", decision, 201
        )

    def sync(self, retry_all: bool = False) -> PassResult:
        self.session.commit()  # SQLite: the test's own reads must not hold the write lock
        return sync_once(get_engine(), get_settings(), ignore_backoff=retry_all)

    def outbox(self, entity_id: int | None = None) -> list[OutboxEvent]:
        query = select(OutboxEvent).order_by(col(OutboxEvent.id))
        query = query.execution_options(populate_existing=True)  # fresh values, same objects
        if entity_id is not None:
            query = query.where(OutboxEvent.entity_id == entity_id)
        rows = list(self.session.exec(query).all())
        self.session.commit()
        return rows

    def search(self, expected: int = 200, **params: Any) -> dict[str, Any]:
        response = self.client.get("/api/v1/search/practices", params=params)
        assert response.status_code == expected, response.text
        return response.json()

    def ids(self, **params: Any) -> list[int]:
        return [hit["id"] for hit in self.search(**params)["hits"]]

    def raw_document(self, practice_id: int) -> dict[str, Any] | None:
        """The document as stored in Meilisearch, every field, read without our code."""
        uid = PRACTICES.uid(get_settings())
        response = httpx.get(
            f"{self.meili.url}/indexes/{uid}/documents/{practice_id}",
            headers={"Authorization": f"Bearer {self.meili.master_key}"},
            timeout=10,
        )
        if response.status_code == 404:
            return None
        response.raise_for_status()
        return dict(response.json())


@pytest.fixture
def world(session: Session, client: TestClient, meili: MeiliProcess) -> World:
    return World(session, client, meili)


def refuse_document(monkeypatch: pytest.MonkeyPatch, practice_id: int) -> None:
    """From now on the practice's document is built with a `_geo` Meilisearch refuses: its
    task fails (and every task Meilisearch batched with it)."""

    def build_with_a_bad_one(s: Session, ids: list[int]) -> Any:
        docs, deletes = PRACTICES.build(s, ids)
        if practice_id in docs:
            docs[practice_id] = {**docs[practice_id], "_geo": {"lat": "norte", "lng": None}}
        return docs, deletes

    broken = dataclasses.replace(PRACTICES, build=build_with_a_bad_one)
    monkeypatch.setattr(delivery, "specs", lambda: (broken, *specs()[1:]))
