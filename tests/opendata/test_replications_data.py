"""Replications in the open data: their export (CSV, NDJSON), the catalogue, the change feed
and webhooks' bodies; never the private contact."""

import sqlite3
from pathlib import Path
from xml.etree import ElementTree

from app.opendata import datasets
from tests.opendata.conftest import World
from tests.opendata.test_bundle import download
from tests.opendata.test_changes import page, summary
from tests.opendata.test_exports import export, parse_csv
from tests.places import BOA_VISTA, MANAUS
from tests.replications.conftest import PRIVATE_EMAIL

NS = {"a": "http://www.w3.org/2005/Atom"}


class TestReplicationsData:
    def test_exported_filtered_and_without_the_contact(self, world: World) -> None:
        practice = world.publish(title="Aulas de português")
        boa_vista = world.replicate(
            practice["id"], ibge_code=BOA_VISTA, status="ended", end_date="2025-12-31"
        )
        manaus = world.replicate(practice["id"], ibge_code=MANAUS)
        rows = export(world.client, "replications", "ndjson")
        assert [r["id"] for r in rows] == [boa_vista["id"], manaus["id"]]
        first = rows[0]
        assert first["practice_id"] == practice["id"]
        assert first["practice_title"] == "Aulas de português"
        assert (first["ibge_code"], first["municipality_name"], first["uf"]) == (
            BOA_VISTA,
            "Boa Vista",
            "RR",
        )
        assert (first["status"], first["end_date"]) == ("ended", "2025-12-31")
        assert first["figures"] == [{"label": "famílias atendidas", "value": 120.0, "unit": ""}]
        csv = export(world.client, "replications", "csv")
        assert PRIVATE_EMAIL not in csv.text and "Ana Souza" not in csv.text
        assert [int(r["id"]) for r in parse_csv(csv.content, "replications")] == [
            boa_vista["id"],
            manaus["id"],
        ]
        assert [r["id"] for r in export(world.client, "replications", uf="AM")] == [manaus["id"]]
        by_place = export(world.client, "replications", municipality=BOA_VISTA)
        assert [r["id"] for r in by_place] == [boa_vista["id"]]

    def test_in_the_catalogue_and_on_the_change_feed(self, world: World) -> None:
        practice = world.publish()
        replication = world.replicate(practice["id"], ibge_code=BOA_VISTA)
        catalogue = world.client.get("/data.json").json()
        identifiers = [d["identifier"] for d in catalogue["dataset"]]
        assert "http://127.0.0.1:8000/api/v1/exports/replications" in identifiers
        items = page(world.client)["items"]
        assert ("replication", replication["id"], "created") in summary(items)
        item = next(i for i in items if i["entity"] == "replication")
        assert item["event"] == "replication.published"
        assert item["data"]["id"] == replication["id"]
        assert set(item["data"]) == set(datasets.get("replications").names)
        assert PRIVATE_EMAIL not in str(items)

    def test_the_atom_feed_and_the_bundle_carry_them_without_the_contact(
        self, world: World, tmp_path: Path
    ) -> None:
        practice = world.publish(title="Aulas de português")
        replication = world.replicate(practice["id"], ibge_code=BOA_VISTA)
        feed = world.client.get("/feeds/replications.atom")
        assert feed.status_code == 200, feed.text
        root = ElementTree.fromstring(feed.content)
        [entry] = root.findall("a:entry", NS)
        assert entry.findtext("a:title", namespaces=NS) == "Aulas de português — Boa Vista/RR"
        assert entry.findtext("a:id", namespaces=NS).endswith(f"/replicacoes/{replication['id']}")
        assert PRIVATE_EMAIL not in feed.text
        bundle = download(world.client, "RR", tmp_path / "rr.sqlite")
        assert PRIVATE_EMAIL.encode() not in bundle.read_bytes()
        with sqlite3.connect(bundle) as db:
            rows = db.execute("SELECT id FROM replications").fetchall()
        assert rows == [(replication["id"],)]
