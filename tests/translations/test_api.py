"""A translation's lifecycle through the API: proposed with an edit, private until its revision
is approved, then read in the language asked for, carried by the exports and announced on the
change feed; every curated kind the same way; bad input named."""

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from app.practices.models import PracticeRevision
from tests.builders import (
    auth,
    make_org,
    make_user,
    policy_payload,
    practice_payload,
    publish_policy,
    publish_replication,
)
from tests.opendata.settle import wait_until_settled
from tests.opendata.test_bundle import download
from tests.translations.conftest import SPANISH, Translating


def feed_events(client: TestClient, entity_id: int) -> list[dict[str, Any]]:
    wait_until_settled()  # PostgreSQL: the feed shows what every open transaction can see
    items = client.get("/api/v1/changes", params={"limit": 1000}).json()["items"]
    return [i for i in items if i["entity"] == "practice" and i["id"] == entity_id]


class TestLifecycle:
    def test_proposed_reviewed_published_read_exported_announced(
        self, world: Translating, tmp_path: Path
    ) -> None:
        practice = world.publish()
        pid = practice["id"]
        assert practice["language"] == "pt-BR" and practice["languages"] == ["pt-BR"]

        # The owner proposes a Spanish translation: a new revision, private until approved.
        edited = world.patch(pid, {"translations": {"es": SPANISH}})
        pending = edited["pending_revision"]
        assert pending["content"]["translations"] == {"es": SPANISH}
        assert edited["revision"]["content"]["translations"] == {}
        public = world.read(pid, lang="es").json()
        assert public["language"] == "pt-BR" and public["languages"] == ["pt-BR"]
        assert public["revision"]["content"]["title"] == practice["revision"]["content"]["title"]

        # Someone outside the organisation may not translate it.
        outsider_org = make_org(world.session, "Outra Organização")
        outsider = make_user(world.session, "contributor", outsider_org, email="fora@teste.org")
        refused = world.client.patch(
            f"/api/v1/practices/{pid}",
            json={"translations": {"es": {"title": "Otro título"}}},
            headers=auth(outsider),
        )
        assert refused.status_code in (403, 404), refused.text

        world.approve(pid, pending["id"])
        by_query = world.read(pid, lang="es")
        shown = by_query.json()
        assert shown["language"] == "es" and shown["languages"] == ["pt-BR", "es"]
        assert shown["revision"]["content"]["title"] == SPANISH["title"]
        assert shown["revision"]["content"]["description"] == SPANISH["description"]
        # Untranslated fields stay in Portuguese, the reference.
        assert shown["revision"]["content"]["results"] == practice_payload()["results"]
        assert by_query.headers["Content-Language"] == "es"
        by_header = world.read(pid, **{"Accept-Language": "es-VE,es;q=0.9,en;q=0.5"}).json()
        assert by_header["revision"]["content"]["title"] == SPANISH["title"]
        french = world.read(pid, **{"Accept-Language": "fr"})
        assert french.json()["language"] == "pt-BR"
        assert french.json()["revision"]["content"]["title"] == practice_payload()["title"]
        assert french.headers["Content-Language"] == "pt-BR"
        reference = world.read(pid).json()  # no language asked: Portuguese, translations beside
        assert reference["revision"]["content"]["title"] == practice_payload()["title"]
        assert reference["revision"]["content"]["translations"]["es"] == SPANISH

        # A later edit keeps the Spanish and adds English; a null removes one field.
        english = {"title": "Welcoming refugees at the northern border"}
        edited = world.patch(pid, {"translations": {"en": english, "es": {"description": None}}})
        kept = edited["pending_revision"]["content"]["translations"]
        assert kept == {
            "es": {k: v for k, v in SPANISH.items() if k != "description"},
            "en": english,
        }
        world.approve(pid, edited["pending_revision"]["id"])
        assert world.read(pid, lang="en").json()["languages"] == ["pt-BR", "es", "en"]

        # Open data: the export's columns, and the change feed announces each new translation.
        rows = world.client.get("/api/v1/exports/practices.json").json()
        row = next(r for r in rows if r["id"] == pid)
        assert row["title_es"] == SPANISH["title"] and row["description_es"] is None
        assert row["title_en"] == english["title"] and row["title_fr"] is None
        assert row["languages_translated"] == ["es", "en"]
        assert row["title"] == practice_payload()["title"]
        bundle = download(world.client, "RR", tmp_path / "rr.sqlite")
        with closing(sqlite3.connect(bundle)) as db:
            stored = db.execute("SELECT title_es, title_en FROM practices WHERE id = ?", (pid,))
            assert stored.fetchone() == (SPANISH["title"], english["title"])
        world.session.commit()  # the test's own reads hold no transaction open
        events = [i["event"] for i in feed_events(world.client, pid)]
        assert events == [
            "practice.published",
            "practice.published",
            "practice.translated",
            "practice.published",
            "practice.translated",
        ]
        announced = [i for i in feed_events(world.client, pid) if i["event"].endswith("translated")]
        assert announced[-1]["change"] == "updated"
        assert announced[-1]["data"]["title_en"] == english["title"]

    def test_an_edit_that_leaves_translations_alone_announces_none(
        self, world: Translating
    ) -> None:
        practice = world.publish(translations={"es": SPANISH})
        pid = practice["id"]
        assert world.read(pid, lang="es").json()["revision"]["content"]["title"] == SPANISH["title"]
        edited = world.patch(pid, {"results": "Duzentas famílias acolhidas em 2024."})
        assert edited["pending_revision"]["content"]["translations"] == {"es": SPANISH}
        world.approve(pid, edited["pending_revision"]["id"])
        world.session.commit()  # the test's own reads hold no transaction open
        events = [i["event"] for i in feed_events(world.client, pid)]
        assert events == ["practice.published", "practice.translated", "practice.published"]


class TestContentStoredBefore:
    def test_revisions_without_translations_read_export_and_keep_their_own(
        self, world: Translating
    ) -> None:
        practice = world.publish()
        pid = practice["id"]
        # Content written before translations existed: no "translations" key at all.
        revision = world.session.get(PracticeRevision, practice["revision"]["id"])
        assert revision is not None
        revision.content = {k: v for k, v in revision.content.items() if k != "translations"}
        world.session.add(revision)
        world.session.commit()
        read = world.read(pid, lang="es").json()
        assert (read["language"], read["languages"]) == ("pt-BR", ["pt-BR"])
        rows = world.client.get("/api/v1/exports/practices.json").json()
        assert (rows[0]["languages_translated"], rows[0]["title_es"]) == ([], None)

        edited = world.patch(pid, {"translations": {"es": {"title": SPANISH["title"]}}})
        world.approve(pid, edited["pending_revision"]["id"])
        world.session.expire_all()
        kept = world.session.exec(
            select(PracticeRevision)
            .where(PracticeRevision.practice_id == pid)
            .order_by(col(PracticeRevision.number))
        ).all()
        assert [r.content.get("translations") for r in kept] == [
            None,
            {"es": {"title": SPANISH["title"]}},
        ]
        assert world.read(pid, lang="es").json()["revision"]["content"]["title"] == SPANISH["title"]


class TestEveryKind:
    def test_policies_and_replications_translate_through_the_engine(
        self, world: Translating
    ) -> None:
        policy = publish_policy(
            world.client,
            world.owner,
            world.curator,
            translations={
                "en": {"title": "Migration Act", "summary": "The Brazilian statute for newcomers."}
            },
        )
        read = world.client.get(
            f"/api/v1/policies/{policy['id']}", headers={"Accept-Language": "en"}
        ).json()
        assert read["language"] == "en" and read["revision"]["content"]["title"] == "Migration Act"
        world.sync()  # the policy index holds its translations too
        found = world.client.get("/api/v1/policies", params={"q": "newcomers"}).json()
        assert [hit["id"] for hit in found["hits"]] == [policy["id"]]

        practice = world.publish()
        replication = publish_replication(world.client, world.owner, world.curator, practice["id"])
        rid = replication["id"]
        edited = world.client.patch(
            f"/api/v1/replications/{rid}",
            json={
                "translations": {"fr": {"adaptations": "Adapté aux familles warao du quartier."}}
            },
            headers=auth(world.owner),
        )
        assert edited.status_code == 200, edited.text
        assert edited.json()["pending_revision"]["content"]["translations"]["fr"] == {
            "adaptations": "Adapté aux familles warao du quartier."
        }
        in_french = world.client.get(f"/api/v1/replications/{rid}", params={"lang": "fr"}).json()
        assert in_french["language"] == "pt-BR"  # not approved yet
        rows = world.client.get("/api/v1/exports/policies.json").json()
        assert rows[0]["title_en"] == "Migration Act" and rows[0]["summary_es"] is None


BAD = [
    ({"de": {"title": "Migration in Roraima"}}, ["body", "translations", "de", "[key]"]),
    ({"pt-BR": {"title": "Outro título"}}, ["body", "translations", "pt-BR", "[key]"]),
    ({"es": {"colour": "rojo"}}, ["body", "translations", "es", "colour"]),
    ({"es": {"themes": "salud"}}, ["body", "translations", "es", "themes"]),
    ({"es": {"title": "no"}}, ["body", "translations", "es", "title"]),
    ({"es": {"summary": "x" * 501}}, ["body", "translations", "es", "summary"]),
    ({"es": "Hola"}, ["body", "translations", "es"]),
]


class TestBadInput:
    @pytest.mark.parametrize(("translations", "loc"), BAD)
    def test_edit_and_create_name_the_language_or_field(
        self, world: Translating, translations: dict[str, Any], loc: list[str]
    ) -> None:
        practice = world.publish()
        problem = world.patch(practice["id"], {"translations": translations}, expected=422)
        assert problem["status"] == 422
        assert loc in [e["loc"] for e in problem["errors"]], problem
        created = world.client.post(
            "/api/v1/practices",
            json=practice_payload(translations=translations),
            headers=auth(world.owner),
        )
        assert created.status_code == 422 and loc in [e["loc"] for e in created.json()["errors"]]
        # Nothing was written: the published text has no pending revision.
        assert world.read(practice["id"]).json()["pending_revision"] is None

    def test_other_kinds_and_the_language_parameter(self, world: Translating) -> None:
        bad = world.client.post(
            "/api/v1/policies",
            json=policy_payload(translations={"it": {"title": "Legge"}}),
            headers=auth(world.owner),
        )
        assert bad.status_code == 422
        assert ["body", "translations", "it", "[key]"] in [e["loc"] for e in bad.json()["errors"]]
        practice = world.publish()
        asked = world.client.get(f"/api/v1/practices/{practice['id']}", params={"lang": "de"})
        assert asked.status_code == 422
        assert ["query", "lang"] in [e["loc"] for e in asked.json()["errors"]]
