"""`partilha backup` and `partilha restore` through the real CLI: backup, wipe the database,
restore, and the search index agrees with the restored database (reconcile finds nothing)."""

import re
import tarfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session
from typer.testing import CliRunner, Result

from app.backup import archive
from app.cli import cli
from app.config import get_settings
from app.db import get_engine, make_engine, new_session
from app.search.specs import specs
from app.search.sync import sync_once
from tests.builders import auth, make_org, make_user, publish
from tests.conftest import POSTGRES_URL
from tests.municipalities.conftest import report
from tests.places import BOA_VISTA, MANAUS
from tests.policies.conftest import People, publish_policy

runner = CliRunner()


def run(*args: str) -> Result:
    return runner.invoke(cli, list(args))


def table_counts() -> dict[str, int]:
    with get_engine().connect() as conn:
        names = sa.inspect(conn).get_table_names()
        return {
            n: int(conn.execute(sa.select(sa.func.count()).select_from(sa.table(n))).scalar_one())
            for n in names
        }


def ids(query: str) -> list[Any]:
    with get_engine().connect() as conn:
        return [tuple(row) for row in conn.execute(sa.text(query))]


STATE_QUERIES = {
    "practices": "SELECT id, status, published_revision_id FROM practice ORDER BY id",
    "revisions": "SELECT id, practice_id FROM practice_revision ORDER BY id",
    "users": "SELECT id, email FROM user_account ORDER BY id",
    "organisations": "SELECT id, name FROM organisation ORDER BY id",
    "policies": "SELECT id, published_revision_id FROM policy ORDER BY id",
    "capacity": "SELECT id, ibge_code FROM capacity_report ORDER BY id",
    "outbox": "SELECT id, processed_at IS NOT NULL FROM outbox_event ORDER BY id",
}


def state() -> dict[str, list[Any]]:
    return {name: ids(query) for name, query in STATE_QUERIES.items()}


def build_world(session: Session, client: TestClient) -> None:
    """Organisations, users, published / edited / withdrawn practices, capacity, a policy."""
    org = make_org(session, "Cáritas Roraima")
    owner = make_user(session, "contributor", org, email="owner@teste.org")
    curator = make_user(session, "curator", email="curator@teste.org")
    admin = make_user(session, "admin", email="admin@teste.org")
    published = [publish(client, owner, curator, title=f"Acolhimento número {n}") for n in range(4)]
    edited = client.patch(
        f"/api/v1/practices/{published[0]['id']}",
        json={"title": "Acolhimento número 0, edição pendente"},
        headers=auth(owner),
    )
    assert edited.status_code == 200, edited.text
    withdrawn = client.post(
        f"/api/v1/practices/{published[1]['id']}/withdraw",
        json={"reason": "encerrada"},
        headers=auth(owner),
    )
    assert withdrawn.status_code == 200, withdrawn.text
    report(client, admin, BOA_VISTA)
    report(client, admin, MANAUS, families_per_month=3)
    publish_policy(client, People(session))
    session.commit()


def wipe(backend: str) -> None:
    """Lose the database: the file goes (SQLite), or the database is dropped and created
    empty again (PostgreSQL)."""
    url = get_settings().database_url
    get_engine().dispose()
    if backend == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    assert POSTGRES_URL
    name = sa.engine.make_url(url).database
    admin = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def wait_until(condition: Callable[[], bool], timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def differences(output: str) -> dict[str, int]:
    return {m[0]: int(m[1]) for m in re.findall(r"^(\S+): (\d+) diferenças$", output, re.M)}


def take_backup(tmp_path: Path) -> Path:
    path = tmp_path / "backups" / "copia.tar"
    result = run("backup", str(path))
    assert result.exit_code == 0, result.output
    assert f"cópia gravada: {path}" in result.output
    return path


@pytest.fixture
def world(session: Session, client: TestClient) -> None:
    build_world(session, client)
    assert sync_once(get_engine(), get_settings()).status == "ok"


class TestBackupRestore:
    def test_wiped_database_comes_back_and_the_index_agrees(
        self, world: None, backend: str, tmp_path: Path
    ) -> None:
        before, counts = state(), table_counts()
        path = take_backup(tmp_path)
        manifest = archive.read_manifest(path)
        assert manifest.backend == ("sqlite" if backend == "sqlite" else "postgresql")
        assert manifest.tables == counts

        wipe(backend)
        assert table_counts().get("practice", 0) == 0
        refused = run("restore", str(path))
        assert refused.exit_code == 1
        assert "nada foi alterado" in refused.output and "repita com --yes" in refused.output

        restored = run("restore", str(path), "--yes")
        assert restored.exit_code == 0, restored.output
        assert "partilha search reconcile" in restored.output
        get_engine().dispose()
        assert state() == before and table_counts() == counts
        checked = run("search", "reconcile", "--dry-run")
        assert checked.exit_code == 0, checked.output
        assert differences(checked.output) == {spec.uid(get_settings()): 0 for spec in specs()}

    def test_the_restored_database_takes_new_writes(
        self, world: None, session: Session, client: TestClient, backend: str, tmp_path: Path
    ) -> None:
        path = take_backup(tmp_path)
        wipe(backend)
        assert run("restore", str(path), "--yes").exit_code == 0
        get_engine().dispose()
        # Sequences came back too (PostgreSQL): new rows get new ids, no conflict.
        owner = make_user(session, "contributor", make_org(session, "Nova"), email="n@teste.org")
        curator = make_user(session, "curator", email="c2@teste.org")
        practice = publish(client, owner, curator, title="Depois da restauração")
        assert practice["id"] > max(row[0] for row in state()["practices"][:-1])
        assert sync_once(get_engine(), get_settings()).status == "ok"
        checked = run("search", "reconcile", "--dry-run", "--index", "practices")
        assert set(differences(checked.output).values()) == {0}

    def test_overwrites_a_database_that_moved_on(
        self, world: None, session: Session, client: TestClient, tmp_path: Path
    ) -> None:
        before = state()
        path = take_backup(tmp_path)
        curator = make_user(session, "curator", email="later@teste.org")
        owner = make_user(session, "contributor", make_org(session, "Depois"), email="d@teste.org")
        publish(client, owner, curator, title="Publicada depois da cópia")
        sync_once(get_engine(), get_settings())
        described = run("restore", str(path))
        assert re.search(r"practice: 5 → 4 linhas", described.output), described.output

        assert run("restore", str(path), "--yes").exit_code == 0
        get_engine().dispose()
        assert state() == before
        reconcile = ("search", "reconcile", "--index", "practices")
        stale = differences(run(*reconcile, "--dry-run").output)
        assert sum(stale.values()) == 1  # the later practice is still in the index ...
        assert run(*reconcile).exit_code == 0  # ... and reconcile removes it
        assert set(differences(run(*reconcile, "--dry-run").output).values()) == {0}


class TestWhileTheAppWrites:
    def test_the_backup_is_one_consistent_snapshot(self, env: None, tmp_path: Path) -> None:
        stop = threading.Event()
        written: list[int] = []
        errors: list[str] = []

        def writer() -> None:  # what the app does meanwhile: commit after commit
            while not stop.is_set():
                try:
                    with new_session() as s:
                        written.append(make_org(s, f"Organização {len(written)}").id or 0)
                except Exception as exc:
                    errors.append(repr(exc))
                    return

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            wait_until(lambda: len(written) >= 5)
            path = take_backup(tmp_path)
            copied = len(written)
            wait_until(lambda: len(written) >= copied + 5)  # writes went on after the copy
        finally:
            stop.set()
            thread.join()
        assert errors == []
        manifest = archive.read_manifest(path)
        assert 5 <= manifest.tables["organisation"] < len(written)

        assert run("restore", str(path), "--yes").exit_code == 0
        get_engine().dispose()
        assert table_counts() == manifest.tables  # counts read in the very snapshot copied
        organisations = [row[0] for row in state()["organisations"]]
        assert organisations == written[: len(organisations)]  # a prefix: nothing half-copied


class TestRefusals:
    def test_a_file_that_is_not_a_backup(self, env: None, tmp_path: Path) -> None:
        for content in (b"", b"SQLite format 3\x00" + b"\x00" * 100, b"id,title\n1,x\n"):
            path = tmp_path / "not-a-backup.tar"
            path.write_bytes(content)
            result = run("restore", str(path), "--yes")
            assert result.exit_code == 1
            assert "is not a Partilha backup" in result.output
        missing = run("restore", str(tmp_path / "missing.tar"), "--yes")
        assert missing.exit_code == 1 and "no such file" in missing.output

    def test_a_corrupted_backup_changes_nothing(self, env: None, tmp_path: Path) -> None:
        before = state()
        path = take_backup(tmp_path)
        raw = bytearray(path.read_bytes())
        with tarfile.open(path) as tar:
            data = tar.getmember(archive.read_manifest(path).data_file)
        raw[data.offset_data + data.size // 2] ^= 0xFF
        path.write_bytes(bytes(raw))
        for args in (("restore", str(path)), ("restore", str(path), "--yes")):
            result = run(*args)
            assert result.exit_code == 1
            assert "is damaged" in result.output and "nada foi alterado" in result.output
        assert state() == before

    def test_a_backup_from_a_newer_schema(self, env: None, tmp_path: Path) -> None:
        path = take_backup(tmp_path)
        manifest = archive.read_manifest(path)
        with tarfile.open(path) as tar:
            stream = tar.extractfile(manifest.data_file)
            assert stream is not None
            data = tmp_path / manifest.data_file
            data.write_bytes(stream.read())
        newer = tmp_path / "newer.tar"
        archive.write(newer, manifest.model_copy(update={"alembic_revision": "0999"}), data)
        result = run("restore", str(newer), "--yes")
        assert result.exit_code == 1
        assert "newer Partilha" in result.output and "0999" in result.output
