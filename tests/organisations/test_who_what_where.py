"""The 4W export (who does what where) and the practices CSV carry HXL hashtags under their
header, read here with libhxl as HDX reads them; `?hxl=false` gives a plain CSV; the 4W is
listed in data.json."""

import csv
import io
from typing import Any

import hxl
from fastapi.testclient import TestClient

from tests.builders import publish
from tests.organisations.conftest import Network
from tests.places import BOA_VISTA, MANAUS, PACARAIMA

FOUR_W_TAGS = [
    "#org",
    "#org+type",
    "#org+code",
    "#meta+url",
    "#sector",
    "#sector+code",
    "#adm1+name",
    "#adm1+code",
    "#adm1+abbr",
    "#adm2+name",
    "#adm2+code",
    "#date+updated",
]


def _hxl(client: TestClient, path: str, **params: Any) -> hxl.model.Dataset:
    answer = client.get(path, params=params)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    return hxl.data(io.BytesIO(answer.content))


class TestWhoWhatWhere:
    def test_one_row_per_organisation_place_and_theme_read_by_libhxl(
        self, network: Network
    ) -> None:
        network.publish(
            network.caritas,
            network.member,
            ufs=["RR", "AM"],
            municipalities=[BOA_VISTA, PACARAIMA],
        )
        network.propose(network.missao, network.other, ufs=["SP"], municipalities=[])
        source = _hxl(network.client, "/api/v1/exports/who-what-where.csv")
        assert source.display_tags == FOUR_W_TAGS
        rows = [
            (r.get("#org"), r.get("#adm1+code"), r.get("#adm2+code"), r.get("#sector+code"))
            for r in source
        ]
        # Missão Paz's profile still waits for curators: not exported.
        assert rows == [
            ("Cáritas Roraima", "14", str(BOA_VISTA), "acolhimento-abrigamento"),
            ("Cáritas Roraima", "14", str(BOA_VISTA), "ensino-portugues"),
            ("Cáritas Roraima", "14", str(PACARAIMA), "acolhimento-abrigamento"),
            ("Cáritas Roraima", "14", str(PACARAIMA), "ensino-portugues"),
            ("Cáritas Roraima", "13", None, "acolhimento-abrigamento"),  # AM as a whole
            ("Cáritas Roraima", "13", None, "ensino-portugues"),
        ]
        first = next(iter(_hxl(network.client, "/api/v1/exports/who-what-where.csv")))
        assert first.get("#adm1+name") == "Roraima" and first.get("#adm2+name") == "Boa Vista"
        assert first.get("#org+type") == "osc"
        assert first.get("#sector") == "Acolhimento e abrigamento"
        assert first.get("#date+updated").endswith("Z")

        filtered = _hxl(
            network.client,
            "/api/v1/exports/who-what-where.csv",
            municipality=PACARAIMA,
            theme="ensino-portugues",
        )
        assert [(r.get("#adm2+name"), r.get("#sector+code")) for r in filtered] == [
            ("Pacaraima", "ensino-portugues")
        ]
        whole_am = _hxl(network.client, "/api/v1/exports/who-what-where.csv", uf="AM")
        assert {r.get("#adm2+code") for r in whole_am} == {None}
        assert list(_hxl(network.client, "/api/v1/exports/who-what-where.csv", uf="SP")) == []
        json_rows = network.client.get("/api/v1/exports/who-what-where.json").json()
        assert len(json_rows) == 6 and json_rows[0]["ibge_code"] == BOA_VISTA
        refused = network.client.get(
            "/api/v1/exports/who-what-where.csv", params={"municipality": MANAUS + 1}
        )
        assert refused.status_code == 422
        assert [e["loc"] for e in refused.json()["errors"]] == [["query", "municipality"]]

    def test_listed_in_the_catalogue(self, network: Network) -> None:
        catalogue = network.client.get("/data.json").json()
        urls = [
            d.get("downloadURL", "")
            for entry in catalogue["dataset"]
            for d in entry.get("distribution", [])
        ]
        assert any(u.endswith("/api/v1/exports/who-what-where.csv") for u in urls)


class TestPracticesHxl:
    def test_the_practices_csv_has_its_hashtag_row_unless_asked_plain(
        self, network: Network
    ) -> None:
        practice = publish(network.client, network.member, network.curator)
        source = _hxl(network.client, "/api/v1/exports/practices.csv")
        assert {"#activity+code", "#activity+name", "#org+name", "#adm2+code+list"} <= set(
            source.display_tags
        )
        (row,) = list(source)
        assert row.get("#activity+code") == str(practice["id"])
        assert row.get("#org+name") == "Cáritas Roraima"
        assert row.get("#adm2+code+list") == str(BOA_VISTA)
        plain = network.client.get("/api/v1/exports/practices.csv", params={"hxl": "false"})
        lines = list(csv.reader(io.StringIO(plain.content.decode("utf-8-sig"))))
        assert len(lines) == 2 and lines[1][0] == str(practice["id"])
