"""Translations: practices, policies and replications published through the real API, the
outbox processed by calling the sync function (the worker thread is off), a real Meilisearch."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.search.server import MeiliProcess
from tests.builders import auth
from tests.search.conftest import World

SPANISH = {
    "title": "Acogida de refugiados en la frontera norte",
    "summary": "Red local de acogida y formación para personas refugiadas y migrantes.",
    "description": "La casa de paso recibe familias y ofrece clases de portugués.",
}


class Translating(World):
    """The search tests' world, plus edits by the owner and the public read in a language."""

    def patch(self, practice_id: int, body: dict[str, Any], expected: int = 200) -> Any:
        response = self.client.patch(
            f"/api/v1/practices/{practice_id}", json=body, headers=auth(self.owner)
        )
        assert response.status_code == expected, response.text
        return response.json()

    def read(self, practice_id: int, **headers: str) -> Any:
        lang = headers.pop("lang", None)
        params = {"lang": lang} if lang else {}
        response = self.client.get(
            f"/api/v1/practices/{practice_id}", params=params, headers=headers
        )
        assert response.status_code == 200, response.text
        return response


@pytest.fixture
def world(session: Session, client: TestClient, meili: MeiliProcess) -> Translating:
    return Translating(session, client, meili)


# The browser journey's fixtures: the people, the served app and Chromium (tests/web).
from tests.web.conftest import browser_page, chromium, live_server, people  # noqa: E402, F401
