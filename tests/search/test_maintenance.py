"""Operator commands and probes: setup, reindex with searches running, reconcile, readiness,
the worker lease and municipality autocomplete."""

import threading
import time
from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from app.cli import cli
from app.config import get_settings
from app.db import get_engine
from app.municipalities.index import MUNICIPALITIES
from app.practices.index import PRACTICES
from app.search import maintenance, sync
from app.search.client import make_client
from app.search.lease import LEASE, Heartbeat
from app.search.models import WorkerLease
from tests.search.conftest import World


def headers(world: World) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.meili.master_key}"}


class TestReindex:
    def test_searches_keep_answering_during_the_rebuild(self, world: World) -> None:
        ids = {world.publish(title=f"Ação de acolhimento número {n}")["id"] for n in range(4)}
        world.sync()
        errors: list[str] = []
        answers: list[int] = []
        done = threading.Event()

        def search_loop() -> None:
            settings = get_settings()
            while not done.is_set():
                try:
                    hits = (
                        make_client(settings).index(PRACTICES.uid(settings)).search("acolhimento")
                    )
                    answers.append(len(hits["hits"]))
                except Exception as exc:
                    errors.append(repr(exc))

        thread = threading.Thread(target=search_loop)
        thread.start()
        try:
            reports = [
                maintenance.reindex(get_engine(), get_settings(), PRACTICES) for _ in range(3)
            ]
        finally:
            done.set()
            thread.join()
        assert errors == [] and len(answers) > 10
        assert all(count == len(ids) for count in answers)
        assert reports[-1].loaded == len(ids)
        assert set(world.ids(q="acolhimento")) == ids

    def test_events_arriving_during_the_rebuild_are_not_lost(self, world: World) -> None:
        world.publish(title="Prática anterior ao rebuild")
        world.sync()
        late = world.publish(title="Prática aprovada durante o rebuild")  # outbox row pending
        report = maintenance.reindex(get_engine(), get_settings(), PRACTICES)
        assert report.loaded == 2 and report.replayed == 1
        assert world.ids(q="durante rebuild") == [late["id"]]
        assert all(row.processed_at is not None for row in world.outbox())


class TestReconcile:
    def test_reports_and_repairs_every_kind_of_difference(self, world: World) -> None:
        kept, lost, changed = (
            world.publish(title=f"Prática {w}")["id"] for w in ("um", "dois", "três")
        )
        world.sync()
        uid = PRACTICES.uid(get_settings())
        with httpx.Client(base_url=world.meili.url, headers=headers(world), timeout=10) as http:
            for task in (
                http.delete(f"/indexes/{uid}/documents/{lost}"),
                http.post(f"/indexes/{uid}/documents", json=[{"id": changed, "title": "velho"}]),
                http.post(f"/indexes/{uid}/documents", json=[{"id": 999, "title": "fantasma"}]),
            ):
                make_client().wait_for_task(task.json()["taskUid"], timeout_in_ms=10_000)
        engine, settings = get_engine(), get_settings()
        dry = maintenance.reconcile(engine, settings, PRACTICES, dry_run=True)
        assert (dry.missing, dry.extra, dry.stale) == ([lost], [999], [changed])
        assert maintenance.reconcile(engine, settings, PRACTICES, dry_run=True).total == 3
        fixed = maintenance.reconcile(engine, settings, PRACTICES, dry_run=False)
        assert fixed.repaired
        assert maintenance.reconcile(engine, settings, PRACTICES, dry_run=True).total == 0
        assert sorted(world.ids()) == sorted([kept, lost, changed])

    def test_cli_prints_the_differences(self, world: World) -> None:
        world.publish()
        runner = CliRunner()
        result = runner.invoke(cli, ["search", "reconcile", "--dry-run", "--index", "practices"])
        assert result.exit_code == 0, result.output
        assert "1 diferenças" in result.output and "faltando no índice: 1" in result.output
        result = runner.invoke(cli, ["search", "sync"])
        assert result.exit_code == 0 and "1 processados" in result.output
        result = runner.invoke(cli, ["search", "reconcile", "--index", "practices"])
        assert "0 diferenças" in result.output


class TestReadiness:
    def test_readyz_reports_the_outbox_backlog(self, world: World) -> None:
        world.publish()
        body = world.client.get("/readyz").json()
        assert body["outbox"]["pending"] == 1 and body["outbox"]["oldest_age_s"] >= 0
        world.sync()
        assert world.client.get("/readyz").json()["outbox"] == {"pending": 0, "oldest_age_s": None}


class TestLease:
    def test_one_holder_at_a_time(self, world: World) -> None:
        engine = get_engine()
        assert sync.claim(engine, "a") and sync.claim(engine, "a")  # renewing is fine
        assert not sync.claim(engine, "b")
        sync.release(engine, "a")
        assert sync.claim(engine, "b")
        world.publish()
        assert sync.run_pass(engine, get_settings(), "a").status == "busy"
        assert world.outbox()[0].processed_at is None
        sync.release(engine, "b")

    def test_a_heartbeat_keeps_a_held_lease_and_never_takes_one_back(self, world: World) -> None:
        engine = get_engine()

        def expiry() -> datetime:
            with Session(engine) as session:
                lease = session.get(WorkerLease, LEASE)
                assert lease is not None
                return lease.expires_at

        assert sync.claim(engine, "a")
        claimed = expiry()
        with Heartbeat(engine, "a", every_s=0.05):
            time.sleep(0.3)
        assert expiry() > claimed  # renewed while the block ran
        sync.release(engine, "a")
        with Heartbeat(engine, "a", every_s=0.05):
            time.sleep(0.3)
        assert sync.claim(engine, "b")  # a released lease stays released


@pytest.fixture
def municipalities(world: World, session: Session) -> Iterator[World]:
    report = maintenance.setup(get_engine(), get_settings())
    assert report.loaded[MUNICIPALITIES.uid(get_settings())] == 5571
    yield world


class TestMunicipalityAutocomplete:
    def find(self, world: World, **params: object) -> list[tuple[int, str, str]]:
        response = world.client.get("/api/v1/municipalities", params=params)
        assert response.status_code == 200, response.text
        return [(m["ibge_code"], m["name"], m["uf"]) for m in response.json()]

    def test_accents_typos_and_uf(self, municipalities: World) -> None:
        world = municipalities
        assert self.find(world, q="sao paulo")[0] == (3550308, "São Paulo", "SP")
        assert self.find(world, q="florianopolys")[0][0] == 4205407
        assert self.find(world, q="boa vista", uf="rr") == [(1400100, "Boa Vista", "RR")]
        assert len(self.find(world, q="santa", limit=5)) == 5

    def test_unknown_uf_is_422(self, municipalities: World) -> None:
        response = municipalities.client.get("/api/v1/municipalities", params={"uf": "XX"})
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["query", "uf"]

    def test_setup_is_idempotent(self, municipalities: World) -> None:
        report = maintenance.setup(get_engine(), get_settings())
        assert report.created == [] and MUNICIPALITIES.uid(get_settings()) not in report.loaded
        assert set(report.loaded.values()) == {0}  # empty indexes looked at again, nothing to load
