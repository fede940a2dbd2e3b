"""Offline bundles: one SQLite file per UF, checked with the sqlite3 module against its
manifest (counts and checksum recomputed as documented) and against the database."""

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from app.cli import cli
from app.db import get_engine
from app.municipalities.models import CapacityReport, Municipality
from tests.opendata.conftest import World, assert_query_refused
from tests.places import BOA_VISTA, MANAUS, PACARAIMA

TABLES = {
    "practices": "id",
    "municipalities": "ibge_code",
    "capacity_reports": "report_id",
    "policies": "id",
    "replications": "id",
}


def download(client: TestClient, uf: str, to: Path) -> Path:
    response = client.get("/api/v1/exports/bundle", params={"uf": uf})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/vnd.sqlite3"
    to.write_bytes(response.content)
    return to


def manifest_of(path: Path) -> dict[str, Any]:
    with sqlite3.connect(path) as db:
        return {
            key: json.loads(value) for key, value in db.execute("SELECT key, value FROM manifest")
        }


def recomputed_checksum(path: Path) -> str:
    """The algorithm as the manifest documents it, written independently of the app."""
    digest = hashlib.sha256()
    with sqlite3.connect(path) as db:
        for table, key in TABLES.items():
            digest.update(f"{table}\n".encode())
            for row in db.execute(f"SELECT * FROM {table} ORDER BY {key}"):
                line = json.dumps(list(row), ensure_ascii=False, separators=(",", ":"))
                digest.update(line.encode() + b"\n")
    return digest.hexdigest()


def ids(path: Path, table: str) -> set[int]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute(f"SELECT {TABLES[table]} FROM {table}")}


class TestOfflineBundle:
    def test_the_bundle_of_a_uf_matches_its_manifest_and_the_database(
        self, world: World, tmp_path: Path
    ) -> None:
        here = world.publish(title="Acolhimento em Pacaraima", municipalities=[PACARAIMA])
        national = world.publish(title="Rede nacional", scope="national", municipalities=[])
        world.publish(title="Só no Amazonas", municipalities=[MANAUS])
        world.draft(title="Rascunho em Roraima")
        archived = world.publish(title="Arquivada em Roraima")
        world.withdraw(archived["id"])
        old, new = world.report(BOA_VISTA, days_ago=100), world.report(BOA_VISTA, days_ago=2)
        world.report(MANAUS)
        federal = world.publish_policy()
        state = world.publish_policy(level="state", uf="RR", title="Plano estadual de Roraima")
        world.publish_policy(level="state", uf="AM", title="Plano estadual do Amazonas")
        in_roraima = world.replicate(here["id"], ibge_code=BOA_VISTA)
        world.replicate(here["id"], ibge_code=MANAUS)

        path = download(world.client, "rr", tmp_path / "rr.sqlite")
        manifest = manifest_of(path)
        assert manifest["uf"] == "RR" and manifest["format"] == "partilha-offline-bundle"
        assert manifest["sha256"] == recomputed_checksum(path)
        with sqlite3.connect(path) as db:
            counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        assert manifest["counts"] == counts

        assert ids(path, "practices") == {here["id"], national["id"]}
        assert ids(path, "policies") == {federal["id"], state["id"]}
        assert ids(path, "capacity_reports") == {old["id"], new["id"]}
        assert ids(path, "replications") == {in_roraima["id"]}
        with Session(get_engine()) as session:
            roraima = set(
                session.exec(select(Municipality.ibge_code).where(Municipality.uf == "RR"))
            )
            latest = session.exec(
                select(CapacityReport.id)
                .where(CapacityReport.ibge_code == BOA_VISTA)
                .order_by(col(CapacityReport.as_of).desc())
            ).first()
        assert ids(path, "municipalities") == roraima
        with sqlite3.connect(path) as db:
            db.row_factory = sqlite3.Row
            boa_vista = db.execute(
                "SELECT * FROM municipalities WHERE ibge_code = ?", (BOA_VISTA,)
            ).fetchone()
            practice = db.execute("SELECT * FROM practices WHERE id = ?", (here["id"],)).fetchone()
        assert boa_vista["capacity_report_id"] == latest
        assert json.loads(boa_vista["services"]) == ["cras", "aulas-portugues"]
        assert practice["title"] == "Acolhimento em Pacaraima"
        assert json.loads(practice["municipalities"]) == [PACARAIMA]
        assert practice["contact_email"] is None  # private unless its owner consented

    def test_an_unknown_uf_answers_422(self, client: TestClient) -> None:
        response = client.get("/api/v1/exports/bundle", params={"uf": "ZZ"})
        assert_query_refused(response, "uf")


class TestBundleCommand:
    def test_partilha_export_bundle_writes_the_same_bundle(
        self, world: World, tmp_path: Path
    ) -> None:
        world.publish()
        world.report(BOA_VISTA)
        out = tmp_path / "cli.sqlite"
        result = CliRunner().invoke(cli, ["export", "bundle", "--uf", "RR", "--out", str(out)])
        assert result.exit_code == 0, result.output
        manifest = manifest_of(out)
        assert f"sha256 {manifest['sha256']}" in result.output
        assert manifest["sha256"] == recomputed_checksum(out)
        api = manifest_of(download(world.client, "RR", tmp_path / "api.sqlite"))
        assert (
            api["counts"]
            == manifest["counts"]
            == {
                "practices": 1,
                "municipalities": 15,
                "capacity_reports": 1,
                "policies": 0,
                "replications": 0,
            }
        )
        assert api["sha256"] == manifest["sha256"]  # same data, same checksum

    def test_an_unknown_uf_fails_with_a_message(self, env: None, tmp_path: Path) -> None:
        result = CliRunner().invoke(
            cli, ["export", "bundle", "--uf", "XX", "--out", str(tmp_path / "x")]
        )
        assert result.exit_code == 1
        assert "unknown UF 'XX'" in result.output
