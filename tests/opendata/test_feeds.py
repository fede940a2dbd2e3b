"""The Atom feed of newly published practices and the DCAT catalogue."""

from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from app.opendata import datasets
from tests.opendata.conftest import World
from tests.places import MANAUS

NS = {"a": "http://www.w3.org/2005/Atom"}


def entries(client: TestClient, **params: object) -> list[ET.Element]:
    response = client.get("/feeds/practices.atom", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # parses: the document is well-formed XML
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    return root.findall("a:entry", NS)


class TestAtomFeed:
    def test_newest_published_first_with_escaped_text(self, world: World) -> None:
        world.draft(title="Rascunho fora do feed")
        first = world.publish(title="Primeira prática")
        tricky = world.publish(
            title='<script>alert("x")</script> & Cia \x07',
            summary="Resumo com <b>marcação</b> & símbolos ]]> fim",
        )
        found = entries(world.client)
        assert [e.findtext("a:id", namespaces=NS) for e in found] == [
            f"http://127.0.0.1:8000/praticas/{tricky['id']}",
            f"http://127.0.0.1:8000/praticas/{first['id']}",
        ]
        newest = found[0]
        assert newest.findtext("a:title", namespaces=NS) == '<script>alert("x")</script> & Cia '
        assert newest.findtext("a:summary", namespaces=NS) == (
            "Resumo com <b>marcação</b> & símbolos ]]> fim"
        )
        assert newest.findtext("a:author/a:name", namespaces=NS) == "Cáritas Roraima"
        assert {c.get("term") for c in newest.findall("a:category", NS)} == {
            "acolhimento-abrigamento",
            "ensino-portugues",
        }
        raw = world.client.get("/feeds/practices.atom").text
        assert "<script>" not in raw and "&lt;script&gt;" in raw

    def test_filtered_by_theme_and_uf(self, world: World) -> None:
        health = world.publish(title="Saúde na fronteira", themes=["saude"])
        manaus = world.publish(title="Acolhimento em Manaus", municipalities=[MANAUS])

        def ids(**params: object) -> list[str | None]:
            return [e.findtext("a:title", namespaces=NS) for e in entries(world.client, **params)]

        assert ids(theme="saude") == [health["revision"]["content"]["title"]]
        assert ids(uf="AM") == [manaus["revision"]["content"]["title"]]
        assert ids(theme="saude", uf="AM") == []
        response = world.client.get("/feeds/practices.atom", params={"theme": "nope"})
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"  # not a web page
        assert response.json()["errors"][0]["loc"] == ["query", "theme"]


class TestCatalogue:
    def test_describes_every_dataset_with_working_distributions(self, world: World) -> None:
        world.publish()
        catalogue = world.client.get("/data.json").json()
        assert catalogue["@type"] == "dcat:Catalog"
        assert catalogue["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
        catalogued = {d["identifier"]: d for d in catalogue["dataset"]}
        base = "http://127.0.0.1:8000"
        for dataset in datasets.registered():
            entry = catalogued[f"{base}/api/v1/exports/{dataset.name}"]
            for key in (
                "title",
                "description",
                "keyword",
                "modified",
                "publisher",
                "contactPoint",
                "accessLevel",
                "license",
                "distribution",
            ):
                assert entry[key], key
            formats = {d["format"] for d in entry["distribution"]}
            assert {"CSV", "JSON", "NDJSON"} <= formats
        urls = [
            d.get("downloadURL") or d["accessURL"]
            for entry in catalogue["dataset"]
            for d in entry["distribution"]
        ]
        assert len([u for u in urls if "bundle?uf=" in u]) == 27
        for url in urls:
            if "bundle?uf=" in url and not url.endswith("uf=RR"):
                continue  # one bundle is enough
            response = world.client.get(url.removeprefix(base))
            assert response.status_code == 200, url

    def test_urls_follow_the_public_base_url(
        self, client: TestClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from app.config import get_settings

        monkeypatch.setenv("PARTILHA_PUBLIC_BASE_URL", "https://dados.partilha.org.br/")
        get_settings.cache_clear()
        catalogue = client.get("/data.json").json()
        urls = [
            d.get("downloadURL") or d.get("accessURL")
            for entry in catalogue["dataset"]
            for d in entry["distribution"]
        ]
        assert all(u.startswith("https://dados.partilha.org.br/") for u in urls)
        assert "//api" not in "".join(u.removeprefix("https://") for u in urls)
