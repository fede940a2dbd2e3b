"""Exports: what partners download equals what the database publishes, in every format."""

import csv
import io
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.db import get_engine
from app.municipalities.models import CapacityPlace, CapacityReport, Municipality
from app.opendata import datasets
from app.opendata.columns import hashtags
from app.policies.models import Policy, PolicyRevision
from app.practices.models import Practice, PracticeRevision
from tests.opendata.conftest import World, assert_query_refused
from tests.places import BOA_VISTA, MANAUS, PACARAIMA


def export(client: TestClient, dataset: str, fmt: str = "json", **params: Any) -> Any:
    response = client.get(f"/api/v1/exports/{dataset}.{fmt}", params=params)
    assert response.status_code == 200, response.text
    if fmt == "json":
        return response.json()
    if fmt == "ndjson":
        return [json.loads(line) for line in response.text.splitlines()]
    return response


def parse_csv(raw: bytes, name: str) -> list[dict[str, Any]]:
    """Read a CSV export back with the documented rules."""
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM"
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    dataset = datasets.get(name)
    assert reader.fieldnames == dataset.names
    if tags := hashtags(dataset.columns):  # the HXL row under the header (HDX convention)
        assert list(next(reader).values()) == tags
    kinds = {c.name: c.kind for c in dataset.columns}
    rows = [{k: _cell(v, kinds[k]) for k, v in row.items()} for row in reader]
    for row in rows:  # the one list of numbers: IBGE codes
        if "municipalities" in row:
            row["municipalities"] = [int(code) for code in row["municipalities"]]
    return rows


def _cell(value: str, kind: str) -> Any:
    if value == "":
        return [] if kind == "list" else {} if kind == "object" else None
    if value[0] == "'" and value[1:2] in ("=", "+", "-", "@"):
        value = value[1:]
    converters = {
        "int": int,
        "float": float,
        "bool": lambda v: v == "true",
        "object": json.loads,
        "list": lambda v: v.split("|"),
    }
    return converters.get(kind, str)(value)


def published(subject: type[Any], revision: type[Any]) -> list[tuple[Any, Any]]:
    """Each live item of a curated kind with its published revision, as the database has them
    (not through the export code)."""
    with Session(get_engine()) as session:
        return list(
            session.exec(
                select(subject, revision)
                .join(revision, col(revision.id) == col(subject.published_revision_id))
                .where(col(subject.archived_at).is_(None))
            ).all()
        )


def published_practices() -> dict[int, dict[str, Any]]:
    """The published content of each practice, with its revision number and template."""
    rows = published(Practice, PracticeRevision)
    return {p.id: {**r.content, "revision": r.number, "template": p.template} for p, r in rows}


class TestPracticeExport:
    def test_json_equals_the_published_content_of_the_database(self, world: World) -> None:
        shown = world.publish(title="Casa de passagem com aulas de português", contact_public=True)
        private = world.publish(title="Rede de comitês de migrantes em Boa Vista")
        world.draft(title="Rascunho que não sai")
        archived = world.publish(title="Prática arquivada depois")
        world.withdraw(archived["id"])
        pending = world.publish(title="Texto publicado que continua público")
        world.edit(pending["id"], title="Edição ainda em curadoria")
        revised = world.publish(title="Primeira versão publicada")
        world.republish(revised["id"], title="Segunda versão aprovada")

        rows = {r["id"]: r for r in export(world.client, "practices")}
        expected = published_practices()
        assert (
            set(rows) == set(expected) == {shown["id"], private["id"], pending["id"], revised["id"]}
        )
        for pid, content in expected.items():
            row = rows[pid]
            assert list(row) == datasets.get("practices").names
            for key in (
                "title",
                "summary",
                "description",
                "themes",
                "audiences",
                "scope",
                "municipalities",
                "partners",
                "languages",
                "links",
                "details",
                "revision",
                "template",
                "evidence_level",
                "how_to_replicate",
            ):
                assert row[key] == content[key], key
            assert row["municipality_names"] == ["Boa Vista"]
            assert row["ufs"] == ["RR"]
            assert row["organisation_name"] == "Cáritas Roraima"
        assert rows[shown["id"]]["contact_email"] == "maria@example.org"
        assert rows[private["id"]]["contact_email"] is None
        assert rows[private["id"]]["contact_name"] is None
        assert rows[pending["id"]]["title"] == "Texto publicado que continua público"
        assert rows[revised["id"]]["title"] == "Segunda versão aprovada"
        assert rows[revised["id"]]["revision"] == 2

    def test_csv_and_ndjson_carry_the_same_rows_as_json(self, world: World) -> None:
        world.publish(title="Aulas de português", partners=["DPU", "ACNUR"], contact_public=True)
        world.publish(title="Feira de empregos", scope="state", municipalities=[], ufs=["AM"])
        as_json = export(world.client, "practices")
        response = export(world.client, "practices", "csv")
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        assert "attachment" in response.headers["content-disposition"]
        assert parse_csv(response.content, "practices") == as_json
        assert export(world.client, "practices", "ndjson") == as_json

    def test_csv_cells_never_start_a_formula(self, world: World) -> None:
        world.publish(title='=HYPERLINK("http://mal.example","clique")', partners=["@grupo"])
        plain = export(world.client, "practices", "csv", hxl="false")  # no hashtag row
        row = next(csv.DictReader(io.StringIO(plain.content.decode("utf-8-sig"))))
        assert row["title"] == '\'=HYPERLINK("http://mal.example","clique")'
        assert row["partners"] == "'@grupo"
        assert export(world.client, "practices")[0]["title"].startswith("=HYPERLINK")

    def test_search_filters_apply(self, world: World) -> None:
        health = world.publish(title="Saúde mental para refugiados", themes=["saude-mental"])
        manaus = world.publish(title="Acolhimento em Manaus", municipalities=[MANAUS])
        both = world.publish(title="Pacaraima e Boa Vista", municipalities=[PACARAIMA, BOA_VISTA])

        def ids(**params: Any) -> set[int]:
            return {r["id"] for r in export(world.client, "practices", **params)}

        assert ids(theme="saude-mental") == {health["id"]}
        assert ids(uf="am") == {manaus["id"]}
        assert ids(municipality=PACARAIMA) == {both["id"]}
        assert ids(uf=["AM", "RR"], theme="acolhimento-abrigamento") == {manaus["id"], both["id"]}
        since = export(world.client, "practices", municipality=MANAUS)[0]["updated_at"]
        assert ids(updated_since=since) == {manaus["id"], both["id"]}

    def test_unknown_or_inapplicable_filters_answer_422_naming_the_parameter(
        self, world: World
    ) -> None:
        response = world.client.get(
            "/api/v1/exports/practices.csv",
            params={"theme": "nao-existe", "uf": "ZZ", "municipality": 1},
        )
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        locs = [e["loc"] for e in response.json()["errors"]]
        assert locs == [["query", "theme"], ["query", "uf"], ["query", "municipality"]]
        response = world.client.get(
            "/api/v1/exports/municipalities.json", params={"theme": "saude"}
        )
        assert_query_refused(response, "theme")
        for path in (
            "/api/v1/exports/practices.json?color=red",
            "/api/v1/exports/people.json",
            "/api/v1/exports/practices.xlsx",
            "/api/v1/exports/practices.json?updated_since=x",
        ):
            assert world.client.get(path).status_code == 422, path


class TestMunicipalityExport:
    def test_every_municipality_with_its_latest_capacity(self, world: World) -> None:
        world.report(BOA_VISTA, days_ago=200)
        world.report(
            BOA_VISTA,
            days_ago=5,
            places=[{"facility_type": "republica", "total": 10, "occupied": 3}],
            services=["creas"],
        )
        every = export(world.client, "municipalities", "csv")
        rows = parse_csv(every.content, "municipalities")
        with Session(get_engine()) as session:
            assert len(rows) == len(session.exec(select(Municipality.ibge_code)).all()) == 5571
            latest = session.exec(
                select(CapacityReport)
                .where(CapacityReport.ibge_code == BOA_VISTA)
                .order_by(col(CapacityReport.as_of).desc())
            ).first()
            assert latest is not None
            places = session.exec(
                select(CapacityPlace).where(CapacityPlace.report_id == latest.id)
            ).all()
        boa_vista = next(r for r in rows if r["ibge_code"] == BOA_VISTA)
        assert boa_vista["capacity_report_id"] == latest.id
        assert boa_vista["capacity_as_of"] == latest.as_of.isoformat()
        assert boa_vista["places_total"] == sum(p.total for p in places) == 10
        assert boa_vista["places_available"] == 7
        assert boa_vista["services"] == ["creas"]
        assert boa_vista["freshness"] == "fresh"
        roraima = export(world.client, "municipalities", uf="RR")
        assert len(roraima) == 15 and {r["uf"] for r in roraima} == {"RR"}
        never = next(r for r in roraima if r["ibge_code"] == PACARAIMA)
        assert never["freshness"] == "never" and never["places_total"] is None


class TestCapacityHistoryExport:
    def test_every_report_with_places_by_facility_type(self, world: World) -> None:
        old = world.report(BOA_VISTA, days_ago=200)
        new = world.report(BOA_VISTA, days_ago=5)
        other = world.report(MANAUS, days_ago=3)
        rows = parse_csv(
            export(world.client, "capacity-history", "csv").content, "capacity-history"
        )
        assert [r["report_id"] for r in rows] == [old["id"], new["id"], other["id"]]
        first = rows[0]
        assert first["abrigo_institucional_total"] == 40
        assert first["abrigo_institucional_occupied"] == 32
        assert first["casa_de_passagem_total"] == 20
        assert first["republica_total"] is None  # not reported, not zero
        assert first["places_total"] == 60 and first["places_available"] == 8
        assert [r["report_id"] for r in export(world.client, "capacity-history", uf="AM")] == [
            other["id"]
        ]


class TestPolicyExport:
    def test_published_policies_only(self, world: World) -> None:
        federal = world.publish_policy()
        state = world.publish_policy(level="state", uf="RR", title="Plano estadual de Roraima")
        city = world.publish_policy(
            level="municipal", ibge_code=BOA_VISTA, title="Comitê municipal"
        )
        gone = world.publish_policy(title="Decreto revogado e retirado")
        world.withdraw_policy(gone["id"])
        rows = {r["id"]: r for r in export(world.client, "policies")}
        policies = published(Policy, PolicyRevision)
        assert set(rows) == {p.id for p, _ in policies} == {federal["id"], state["id"], city["id"]}
        for policy, revision in policies:
            for key in ("title", "summary", "level", "uf", "ibge_code", "themes", "status", "date"):
                assert rows[policy.id][key] == revision.content[key], key
        assert rows[city["id"]]["municipality_name"] == "Boa Vista"
        assert {r["id"] for r in export(world.client, "policies", uf="RR")} == {
            state["id"],
            city["id"],
        }
        assert [r["id"] for r in export(world.client, "policies", municipality=BOA_VISTA)] == [
            city["id"]
        ]


@pytest.mark.parametrize(
    "dataset", ["practices", "municipalities", "capacity-history", "policies", "replications"]
)
def test_every_dataset_prints_exactly_its_documented_columns(world: World, dataset: str) -> None:
    practice = world.publish()
    world.publish_policy(level="state", uf="RR", title="Plano estadual de Roraima")
    world.report(BOA_VISTA)
    world.replicate(practice["id"], ibge_code=BOA_VISTA)
    rows = export(world.client, dataset, uf="RR")
    assert rows and all(list(r) == datasets.get(dataset).names for r in rows)
