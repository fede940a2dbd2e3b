"""Several Meilisearch servers (PARTILHA_MEILI_URLS): each is fed every change, one that was
down catches up when it returns, and searches fail over within the request."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from app.config import get_settings
from app.db import get_engine, utcnow
from app.practices.index import PRACTICES
from app.search import failover, maintenance, replicas
from app.search import repository as repo
from app.search.models import ServerState
from app.search.server import MeiliProcess, free_port
from app.search.servers import server_name
from app.search.specs import followed_types, specs
from tests.builders import auth
from tests.migrating import migrate
from tests.observability.conftest import LOOPBACK
from tests.search.conftest import World


@pytest.fixture(scope="module")
def replica(
    meili: MeiliProcess, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[MeiliProcess]:
    """A second server for the module (same key as the first: one key for every server)."""
    server = MeiliProcess(tmp_path_factory.mktemp("replica"), master_key=meili.master_key)
    yield server.start()
    server.stop()


@pytest.fixture
def own(meili: MeiliProcess, tmp_path: Path) -> Iterator[MeiliProcess]:
    """A server this test may stop and restart on its data dir."""
    server = MeiliProcess(tmp_path / "own", master_key=meili.master_key).start()
    yield server
    server.stop()


class Servers:
    """Points the app at a list of servers (in search order) and reads them without our code."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, key: str):
        self.monkeypatch, self.key = monkeypatch, key

    def use(self, *urls: str) -> None:
        self.monkeypatch.setenv("PARTILHA_MEILI_URLS", ",".join(urls))
        get_settings.cache_clear()
        failover.forget()

    def document(self, url: str, doc_id: int) -> dict[str, Any] | None:
        uid = PRACTICES.uid(get_settings())
        answer = httpx.get(
            f"{url}/indexes/{uid}/documents/{doc_id}",
            headers={"Authorization": f"Bearer {self.key}"},
            timeout=10,
        )
        return None if answer.status_code == 404 else dict(answer.json())

    def differences(self, url: str) -> int:
        server = next(s for s in _configured() if s.url == url)
        engine, settings = get_engine(), get_settings()
        # The indexes the practices' events write (the municipalities' is made by setup).
        chosen = [spec for spec in specs() if "practice" in spec.follows]
        return sum(maintenance.reconcile(engine, settings, s, True, server).total for s in chosen)

    def standing(self, url: str) -> replicas.Standing:
        with Session(get_engine(), expire_on_commit=False) as session:
            found = replicas.standings(session, get_settings())
            session.commit()
        return next(s for s in found if s.server.url == url)

    def frontier(self) -> int:
        with Session(get_engine()) as session:
            return repo.frontier(session, followed_types())


def _configured() -> Any:
    from app.search.servers import servers

    return servers(get_settings())


@pytest.fixture
def several(env: None, meili: MeiliProcess, monkeypatch: pytest.MonkeyPatch) -> Iterator[Servers]:
    yield Servers(monkeypatch, meili.master_key)
    failover.forget()


def _dead_url() -> str:
    return f"http://127.0.0.1:{free_port()}"  # nothing listens there


class TestEveryServerIsFed:
    def test_an_approved_practice_is_searchable_on_both(
        self, several: Servers, meili: MeiliProcess, replica: MeiliProcess, world: World
    ) -> None:
        several.use(meili.url, replica.url)
        practice = world.publish(title="Oficina de português em Boa Vista")
        assert world.sync().processed == 1
        for url in (meili.url, replica.url):
            doc = several.document(url, practice["id"])
            assert doc is not None and doc["title"] == "Oficina de português em Boa Vista"
            assert several.standing(url).state == ServerState.in_sync
        assert several.standing(replica.url).cursor.delivered_through == several.frontier()  # type: ignore[union-attr]

    def test_a_new_empty_server_is_filled_whole(
        self, several: Servers, meili: MeiliProcess, replica: MeiliProcess, world: World
    ) -> None:
        several.use(meili.url)
        practices = [world.publish(title=f"Prática antes da réplica {n}") for n in range(3)]
        assert world.sync().processed == 3
        several.use(meili.url, replica.url)  # this test's indexes do not exist on it yet
        assert several.standing(replica.url).state == ServerState.behind
        world.sync()
        assert several.standing(replica.url).state == ServerState.in_sync
        assert all(several.document(replica.url, p["id"]) for p in practices)
        assert several.differences(replica.url) == 0


class TestAServerGoesDownAndComesBack:
    def test_the_others_go_on_and_it_catches_up_in_order(
        self, several: Servers, meili: MeiliProcess, own: MeiliProcess, world: World
    ) -> None:
        several.use(own.url, meili.url)  # the one that stops is the one searches ask first
        kept, edited, withdrawn = (world.publish(title=f"Prática da réplica {n}") for n in range(3))
        assert world.sync().processed == 3
        own.stop()

        new = world.publish(title="Prática aprovada com a réplica fora do ar")
        change = world.client.patch(
            f"/api/v1/practices/{edited['id']}",
            json={"title": "Prática revista com a réplica fora do ar"},
            headers=auth(world.owner),
        )
        world.approve(edited["id"], change.json()["pending_revision"]["id"])
        world.post(world.owner, f"/api/v1/practices/{withdrawn['id']}/withdraw", {"reason": "fim"})
        result = world.sync()
        assert result.status == "ok" and result.failed == 0
        assert all(e.processed_at is not None for e in world.outbox())
        assert several.standing(own.url).state == ServerState.behind
        for _ in range(20):  # searches keep answering, from the other server
            assert sorted(world.ids(q="réplica")) == sorted([kept["id"], edited["id"], new["id"]])

        own.start()  # same data dir and port
        world.sync()
        standing = several.standing(own.url)
        assert standing.state == ServerState.in_sync
        assert standing.cursor and standing.cursor.delivered_through == several.frontier()
        assert several.document(own.url, new["id"]) is not None
        revised = several.document(own.url, edited["id"])
        assert revised and revised["title"] == "Prática revista com a réplica fora do ar"
        assert several.document(own.url, withdrawn["id"]) is None
        assert several.differences(own.url) == 0 and several.differences(meili.url) == 0

    def test_a_search_fails_over_within_the_request(
        self, several: Servers, meili: MeiliProcess, own: MeiliProcess, world: World
    ) -> None:
        several.use(own.url, meili.url)
        practice = world.publish(title="Casa de passagem em Pacaraima")
        world.sync()
        own.stop()  # still in sync as far as the database knows: searches ask it first
        before = _failovers(world.client, server_name(own.url))
        assert world.ids(q="pacaraima") == [practice["id"]]
        assert _failovers(world.client, server_name(own.url)) == before + 1
        assert world.ids(q="pacaraima") == [practice["id"]]  # it cools down: asked last now
        assert _failovers(world.client, server_name(own.url)) == before + 1

    def test_when_every_server_fails_it_is_the_usual_503(
        self, several: Servers, world: World
    ) -> None:
        several.use(_dead_url(), _dead_url())
        world.search(expected=503, q="qualquer")


class TestReports:
    def test_healthz_readyz_and_metrics_name_each_server(
        self, several: Servers, meili: MeiliProcess, world: World
    ) -> None:
        dead = _dead_url()
        several.use(meili.url, dead)
        world.publish(title="Prática com um servidor fora do ar")
        assert world.sync().status == "ok"
        health = world.client.get("/healthz")
        assert health.status_code == 200 and health.json()["status"] == "degraded"
        by_name = {s["name"]: s for s in health.json()["search"]["servers"]}
        assert by_name[server_name(meili.url)] | {"delivered_through": 0} == {
            "name": server_name(meili.url),
            "up": True,
            "state": "in_sync",
            "lag_events": 0,
            "delivered_through": 0,
        }
        assert by_name[server_name(dead)]["up"] is False
        assert by_name[server_name(dead)]["state"] == "behind"
        assert by_name[server_name(dead)]["lag_events"] == 1
        assert world.client.get("/readyz").status_code == 200  # an in-sync server answers
        with TestClient(world.client.app, client=LOOPBACK) as scraper:
            metrics = scraper.get("/metrics").text
        assert f'partilha_search_server_up{{server="{server_name(meili.url)}"}} 1.0' in metrics
        assert f'partilha_search_server_up{{server="{server_name(dead)}"}} 0.0' in metrics
        assert f'partilha_search_server_lag_events{{server="{server_name(dead)}"}} 1.0' in metrics

    def test_the_cli_reports_and_reconciles_each_server(
        self, several: Servers, meili: MeiliProcess, replica: MeiliProcess, world: World
    ) -> None:
        from typer.testing import CliRunner

        from app.cli import cli

        several.use(meili.url, replica.url)
        world.publish(title="Prática vista pelo terminal")
        world.sync()
        runner = CliRunner()
        status = runner.invoke(cli, ["search", "status"])
        assert status.exit_code == 0, status.output
        assert f"{server_name(replica.url)}: no ar, em dia" in status.output
        checked = runner.invoke(cli, ["search", "reconcile", "--dry-run", "--index", "practices"])
        assert checked.exit_code == 0, checked.output
        assert checked.output.count("0 diferenças") == 2
        assert f"servidor {server_name(replica.url)}:" in checked.output


def _failovers(client: TestClient, server: str) -> float:
    with TestClient(client.app, client=LOOPBACK) as scraper:
        for line in scraper.get("/metrics").text.splitlines():
            if line.startswith(f'partilha_search_failovers_total{{server="{server}"}}'):
                return float(line.split()[-1])
    return 0.0


INSERT = (
    "INSERT INTO outbox_event (entity_type, entity_id, kind, created_at, processed_at,"
    " attempts, next_attempt_at, bulk) VALUES ('practice', :id, 'practice.published', :now,"
    " :processed, 0, :now, false)"
)


def test_migration_0022_starts_the_one_server_at_the_frontier(
    several: Servers, meili: MeiliProcess, world: World, db_url: str
) -> None:
    world.session.commit()
    migrate(db_url, "0021")
    now = utcnow()
    with get_engine().begin() as conn:
        for entity_id, processed in ((1, now), (2, now), (3, None), (4, now)):
            conn.execute(text(INSERT), {"id": entity_id, "now": now, "processed": processed})
        ids = [row[0] for row in conn.execute(text("SELECT id FROM outbox_event ORDER BY id"))]
    get_engine().dispose()
    migrate(db_url, "head")
    standing = several.standing(meili.url)
    assert standing.state == ServerState.in_sync and standing.cursor is None
    assert several.frontier() == ids[1]  # every event up to the second one is processed
    assert world.sync().failed == 0
    standing = several.standing(meili.url)
    assert standing.cursor and standing.cursor.delivered_through == ids[-1]
