"""A partner from an international organisation, over HTTP: the "Open data and API" page
linked from every footer, "download these results" with the page's own words and filters,
and the Atom feeds announced by the pages."""

import csv
import io
import json

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.builders import publish
from tests.web.conftest import People, sync_search


class TestOpenDataPage:
    def test_lists_every_way_out_and_every_footer_links_it(
        self, client: TestClient, people: People
    ):
        home = client.get("/")
        assert '<a href="/dados-abertos">Dados abertos e API</a>' in home.text
        page = client.get("/dados-abertos")
        assert page.status_code == 200
        for href in (
            "/api/v1/exports/practices.csv",
            "/api/v1/exports/practices.json",
            "/api/v1/exports/practices.ndjson",
            "/api/v1/exports/policies.csv",
            "/api/v1/exports/municipalities.ndjson",
            "/api/v1/changes",
            "/feeds/practices.atom",
            "/data.json",
            'action="/api/v1/exports/bundle"',
            "/docs",
            "/redoc",
            "/openapi.json",
        ):
            assert href in page.text, href
        assert '<option value="RR">RR</option>' in page.text  # the bundle's UF
        english = client.get("/dados-abertos", headers={"Accept-Language": "en"})
        assert "<h1>Open data and API</h1>" in english.text
        assert "Published practices" in english.text


class TestDownloadTheseResults:
    def test_the_file_holds_exactly_the_results_of_the_page(
        self, client: TestClient, session: Session, people: People, search_ready: None
    ):
        wanted = publish(
            client,
            people.contributor,
            people.curator,
            title="Oficinas de português em Boa Vista",
            themes=["ensino-portugues"],
        )
        publish(
            client,
            people.contributor,
            people.curator,
            title="Oficinas de costura para refugiadas",
            themes=["trabalho-renda"],
        )
        publish(client, people.contributor, people.curator, title="Casa de passagem")
        sync_search(session)

        page = client.get("/busca", params={"q": "oficinas", "theme": "ensino-portugues"})
        assert "1 prática encontrada" in page.text
        link = "/busca/baixar.csv?q=oficinas&amp;theme=ensino-portugues"
        assert link in page.text
        assert "Baixar estes resultados:" in page.text
        # The page announces its feed, with the filters the feed knows.
        assert (
            '<link rel="alternate" type="application/atom+xml" '
            'href="/feeds/practices.atom?theme=ensino-portugues"'
        ) in page.text

        got = client.get(link.replace("&amp;", "&"))
        assert got.status_code == 200
        assert got.headers["content-type"].startswith("text/csv")
        assert "attachment" in got.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(got.content.decode("utf-8-sig"))))
        assert [int(r["id"]) for r in rows] == [wanted["id"]]
        assert rows[0]["title"] == "Oficinas de português em Boa Vista"
        assert (
            rows[0]["themes_label"]
            == "Ensino de português (PLAc — Português como Língua de Acolhimento)"
        )

        words_only = client.get("/busca/baixar.ndjson", params={"q": "oficinas"})
        found = [json.loads(line)["title"] for line in words_only.text.splitlines()]
        assert sorted(found) == [
            "Oficinas de costura para refugiadas",
            "Oficinas de português em Boa Vista",
        ]
        assert client.get("/busca/baixar.xlsx").status_code == 422
