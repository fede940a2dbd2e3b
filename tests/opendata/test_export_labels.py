"""Exports asked for in a language carry the labels of their codes beside them (themes_label
beside themes...), chosen by ?lang= or Accept-Language; without either, the documented shape."""

import csv
import io
import json

from tests.opendata.conftest import World


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


class TestLabelsBesideCodes:
    def test_lang_and_accept_language_choose_the_labels(self, world: World):
        world.publish(themes=["acolhimento-abrigamento"], audiences=["refugiados"])
        client = world.client
        english = client.get("/api/v1/exports/practices.csv", params={"lang": "en", "hxl": "false"})
        assert english.status_code == 200 and english.headers["content-language"] == "en"
        (row,) = _csv(english.text)
        assert row["themes"] == "acolhimento-abrigamento"
        assert row["themes_label"] == "Reception and shelter"
        assert row["evidence_level_label"] and row["evidence_level_label"] != row["evidence_level"]
        header = english.text.lstrip("\ufeff").splitlines()[0].split(",")
        assert header[-5:] == [
            "themes_label",
            "audiences_label",
            "organisation_type_label",
            "evidence_level_label",
            "languages_label",
        ]  # after the dataset's own columns: none moves

        spanish = client.get(
            "/api/v1/exports/practices.ndjson", headers={"Accept-Language": "es-AR,es;q=0.9"}
        )
        line = json.loads(spanish.text.splitlines()[0])
        assert line["themes_label"] == ["Acogida y alojamiento"]
        assert spanish.headers["content-language"] == "es"
        assert "Accept-Language" in spanish.headers["vary"]

        plain = client.get("/api/v1/exports/practices.json")
        assert "themes_label" not in plain.json()[0]
        french_policies = client.get("/api/v1/exports/policies.csv", params={"lang": "fr"})
        assert french_policies.text.lstrip("\ufeff").splitlines()[0].endswith("themes_label")
        refused = client.get("/api/v1/exports/practices.csv", params={"lang": "de"})
        assert refused.status_code == 422
