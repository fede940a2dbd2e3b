"""Search by translated text: each language's fields are indexed once their revision is
approved (a Spanish query matching only the Spanish text finds the practice, with the app's own
outbox worker: how soon is bench/'s figure, not a test's), and hits show the title in the
reader's language."""

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.translations.conftest import SPANISH, Translating

ENGLISH = {"title": "Welcoming shelter at the northern border", "summary": "Housing and jobs."}
FRENCH = {"description": "Un accueil chaleureux et des cours de langue pour les familles."}
# Words of one language's text only (none is in the Portuguese, typos included).
ONLY_IN = {"es": "frontera", "en": "welcoming shelter", "fr": "chaleureux"}


def hit_ids(client: TestClient, q: str, **params: Any) -> list[int]:
    answer = client.get("/api/v1/search/practices", params={"q": q, **params})
    return [h["id"] for h in answer.json()["hits"]] if answer.status_code == 200 else []


def municipalities_loaded(client: TestClient) -> bool:
    found = client.get("/api/v1/municipalities", params={"q": "brasilia", "uf": "DF"})
    return found.status_code == 200 and any(m["ibge_code"] == 5300108 for m in found.json())


def wait_for(check: Any, timeout_s: float) -> float:
    """Seconds until `check()` holds (polled), failing past the deadline."""
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < timeout_s, "not found in time"
        time.sleep(0.02)
    return time.monotonic() - start


class TestFoundInEachLanguage:
    def test_approved_translations_become_searchable_in_each_language(
        self, world: Translating, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        with world.worker_running(monkeypatch) as app_client:
            practice = world.publish()
            pid = practice["id"]
            wait_for(lambda: hit_ids(app_client, "boa vista") == [pid], timeout_s=60)
            # The worker's first pass also loads the 5,571 municipalities (DF's comes last):
            # time the approval once it is idle, as a running app is.
            wait_for(lambda: municipalities_loaded(app_client), timeout_s=120)
            edited = world.patch(
                pid, {"translations": {"es": SPANISH, "en": ENGLISH, "fr": FRENCH}}
            )
            # Proposed, not approved: no language finds it by its translated words.
            for words in ONLY_IN.values():
                assert hit_ids(app_client, words) == []
            world.approve(pid, edited["pending_revision"]["id"])
            # A generous bound: it only stops a test that would otherwise hang.
            seconds = wait_for(lambda: hit_ids(app_client, ONLY_IN["es"]) == [pid], 60.0)
            print(f"\nSpanish query found the practice {seconds:.2f} s after the approval")
            for words in ONLY_IN.values():
                assert hit_ids(app_client, words) == [pid], words

            def first_hit(**params: Any) -> dict[str, Any]:
                answer = app_client.get("/api/v1/search/practices", params=params)
                assert answer.status_code == 200, answer.text
                return dict(answer.json()["hits"][0])

            spanish = first_hit(q=ONLY_IN["es"], lang="es")
            assert (spanish["title"], spanish["language"]) == (SPANISH["title"], "es")
            assert "<mark>" in spanish["highlight"]["title"]
            english = first_hit(q=ONLY_IN["en"], lang="en")
            assert english["title"] == ENGLISH["title"] and english["summary_language"] == "en"
            # French has a description only: the title and summary stay in Portuguese.
            french = first_hit(q=ONLY_IN["fr"], lang="fr")
            assert french["title"] == practice["revision"]["content"]["title"]
            assert (french["language"], french["summary_language"]) == ("pt-BR", "pt-BR")
            assert "<mark>" in french["highlight"]["description"]
            portuguese = first_hit(q=ONLY_IN["es"])
            assert portuguese["language"] == "pt-BR"

            # A translation removed in a later revision stops finding it once that is approved.
            edited = world.patch(pid, {"translations": {"es": None}})
            world.approve(pid, edited["pending_revision"]["id"])
            wait_for(lambda: hit_ids(app_client, ONLY_IN["es"]) == [], 5.0)
            assert hit_ids(app_client, ONLY_IN["fr"]) == [pid]
