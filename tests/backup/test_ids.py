"""Ids never repeat across a restore: after restoring an older backup over newer data, the
ids of practices and of change-feed and webhook events issued since the backup are not issued
again, and a partner's feed cursor from before the restore resumes at the new events."""

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session
from typer.testing import CliRunner

from app.backup import ids as ids_module
from app.cli import cli
from app.db import get_engine
from app.opendata import changes
from app.outbox.feed import Position
from tests.builders import auth, make_org, make_user, publish
from tests.migrating import migrate
from tests.webhooks.conftest import Partners, Receiver


def feed(client: TestClient, since: str | None) -> tuple[list[int], str]:
    params = {"limit": 1000, **({"since": since} if since else {})}
    page = client.get("/api/v1/changes", params=params).json()
    return [item["event_id"] for item in page["items"]], page["next_cursor"]


def received(hook: Receiver) -> list[int]:
    return [json.loads(r.body)["event_id"] for r in hook.received]


class TestIdsNeverRepeatAcrossARestore:
    def test_practices_feed_and_webhook_events(
        self, session: Session, client: TestClient, receiver: Receiver, tmp_path: Path
    ) -> None:
        partners = Partners(session, client)
        partners.hook(receiver.url, ["practice.published"])
        kept = partners.publish(title="Publicada antes da cópia")
        partners.dispatch()
        _, cursor = feed(client, None)
        backup = tmp_path / "copia.tar"
        assert CliRunner().invoke(cli, ["backup", str(backup)]).exit_code == 0

        lost = [partners.publish(title=f"Publicada depois da cópia {n}") for n in range(2)]
        partners.dispatch()
        events_since, cursor = feed(client, cursor)  # the partner read them before the restore
        delivered = received(receiver)
        assert len(events_since) == 2 and len(delivered) == 3

        restored = CliRunner().invoke(cli, ["restore", str(backup), "--yes"])
        assert restored.exit_code == 0, restored.output
        get_engine().dispose()
        ids = [p["id"] for p in lost]
        for practice_id in ids:  # gone with the restore, and nobody else's now
            assert client.get(f"/api/v1/practices/{practice_id}").status_code == 404

        new = partners.publish(title="Publicada depois da restauração")
        assert new["id"] > max(ids) > kept["id"]
        assert client.get(f"/api/v1/practices/{max(ids)}").status_code == 404
        # The partner's cursor from before the restore resumes at the new event, whose id was
        # never issued before.
        partners.dispatch()
        resumed, _ = feed(client, cursor)
        assert len(resumed) == 1 and resumed[0] > max(events_since)
        after_restore = received(receiver)[len(delivered) :]
        assert len(after_restore) == 1 and after_restore[0] not in delivered
        assert after_restore == resumed

    def test_the_marks_are_kept_outside_the_database(
        self, session: Session, client: TestClient, tmp_path: Path, db_url: str
    ) -> None:
        """The database is lost and the newest backup unusable: an older backup restored into a
        new, empty database still moves the sequences past what the newer backup had issued,
        from the marks kept outside both."""
        org = make_org(session, "Cáritas Roraima", uf="RR")
        owner, curator = make_user(session, "contributor", org), make_user(session, "curator")
        publish(client, owner, curator)
        backup = tmp_path / "copia.tar"
        assert CliRunner().invoke(cli, ["backup", str(backup)]).exit_code == 0
        last = publish(client, owner, curator)
        newer = tmp_path / "mais-nova.tar"  # the nightly backup after it, say, found damaged
        assert CliRunner().invoke(cli, ["backup", str(newer)]).exit_code == 0
        get_engine().dispose()
        _empty(db_url)
        assert CliRunner().invoke(cli, ["restore", str(backup), "--yes"]).exit_code == 0
        get_engine().dispose()
        assert publish(client, owner, curator)["id"] > last["id"]


AHEAD = 10**12


class TestRestoredOnAnotherServer:
    def test_positions_from_a_server_ahead_resume_at_the_new_events(
        self, session: Session, client: TestClient, receiver: Receiver, tmp_path: Path
    ) -> None:
        """PostgreSQL: the backup's rows and the partner's cursor carry transaction ids of a
        server whose counter is far ahead of this one's (as when restoring on a new server):
        new events still reach the feed's readers and the webhooks."""
        if get_engine().dialect.name != "postgresql":
            pytest.skip("SQLite's positions carry no transaction id")
        partners = Partners(session, client)
        partners.hook(receiver.url, ["practice.published"])
        partners.publish(title="Publicada no servidor antigo")
        partners.dispatch()
        seen, cursor = feed(client, None)
        assert len(seen) == 1
        with get_engine().begin() as conn:  # written on the other server, 10¹² transactions on
            conn.execute(sa.text(f"UPDATE outbox_event SET txid = txid + {AHEAD}"))
            conn.execute(sa.text(f"UPDATE webhook_cursor SET txid = txid + {AHEAD}"))
        position = changes.decode_cursor(cursor)
        cursor = changes.encode_cursor(Position(position.txid + AHEAD, position.event_id))
        backup = tmp_path / "copia.tar"
        assert CliRunner().invoke(cli, ["backup", str(backup)]).exit_code == 0
        restored = CliRunner().invoke(cli, ["restore", str(backup), "--yes"])
        assert restored.exit_code == 0, restored.output
        get_engine().dispose()

        partners.publish(title="Publicada no servidor novo")
        partners.dispatch()
        resumed, _ = feed(client, cursor)
        assert len(resumed) == 1 and resumed[0] > max(seen)
        assert received(receiver)[-1] == resumed[0]
        everything, _ = feed(client, None)
        assert everything == [*seen, *resumed]  # in order, from the start too


class TestMigration0016:
    def test_rows_and_ids_kept_and_never_issued_again(
        self, session: Session, client: TestClient, db_url: str
    ) -> None:
        org = make_org(session, "Cáritas Roraima", uf="RR")
        owner, curator = make_user(session, "contributor", org), make_user(session, "curator")
        practices = [publish(client, owner, curator, title=f"Prática {n}") for n in range(3)]
        before = _state(client, owner, practices)

        migrate(db_url, "0015")
        assert _autoincrement_tables() == 0 or get_engine().dialect.name != "sqlite"
        migrate(db_url, "head")
        get_engine().dispose()

        assert _state(client, owner, practices) == before
        if get_engine().dialect.name == "sqlite":  # every table keyed by an integer id
            with get_engine().connect() as conn:
                keyed = len(ids_module._id_tables(conn))
            assert _autoincrement_tables() == keyed >= 28
        with get_engine().begin() as conn:
            if conn.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            newest_event = conn.execute(sa.text("SELECT max(id) FROM outbox_event")).scalar_one()
            # The newest event goes: its id is not handed out again (SQLite did, before 0016).
            conn.execute(sa.text("DELETE FROM outbox_event WHERE id = :id"), {"id": newest_event})
        created = publish(client, owner, curator)
        assert created["id"] == max(p["id"] for p in practices) + 1
        with get_engine().connect() as conn:
            query = sa.text("SELECT min(id) FROM outbox_event WHERE entity_id = :id")
            assert conn.execute(query, {"id": created["id"]}).scalar_one() > newest_event


def _state(client: TestClient, owner: Any, practices: list[dict[str, Any]]) -> list[Any]:
    return [
        client.get(f"/api/v1/practices/{p['id']}", headers=auth(owner)).json() for p in practices
    ]


def _autoincrement_tables() -> int:
    with get_engine().connect() as conn:
        if conn.dialect.name != "sqlite":
            return 0
        query = (
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%'"
        )
        return int(conn.exec_driver_sql(query).scalar_one())


def _empty(db_url: str) -> None:
    """The database file or PostgreSQL database is lost: a new, empty one in its place."""
    url = sa.engine.make_url(db_url)
    if url.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{url.database}{suffix}").unlink(missing_ok=True)
        return
    from tests.conftest import POSTGRES_URL

    assert POSTGRES_URL
    admin = sa.create_engine(sa.engine.make_url(POSTGRES_URL).set(drivername="postgresql+psycopg"))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f'DROP DATABASE "{url.database}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
