"""An app killed with kill -9 in the middle of an outbox pass leaves the search lease behind:
its successor takes over once the short lease lapses (the live holder's heartbeat no longer
renews it), within seconds instead of the minute a long lease used to block indexing."""

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from app.config import get_settings
from app.db import get_engine
from app.outbox.models import OutboxEvent
from app.search import maintenance
from app.search.lease import LEASE, LEASE_TTL_S
from app.search.models import WorkerLease
from app.search.server import MeiliProcess
from tests.hardening.test_two_processes import AppProcess, wait_until

pytestmark = pytest.mark.slow

TAKEOVER_S = 15.0


class SlowProxy:
    """A TCP proxy to Meilisearch that holds every request for `delay_s`: a pass through it
    keeps the lease for seconds, long enough to kill its process in the middle."""

    def __init__(self, target_port: int, delay_s: float):
        self.target_port, self.delay_s = target_port, delay_s
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.server.getsockname()[1])
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                return
            threading.Thread(target=self._pump, args=(conn, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, conn, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, slow: bool) -> None:
        try:
            while data := source.recv(65536):
                if slow:
                    time.sleep(self.delay_s)
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.server.close()


def lease_holder() -> tuple[str, datetime] | None:
    with Session(get_engine()) as session:
        lease = session.get(WorkerLease, LEASE)
        if lease is None:
            return None
        expires = lease.expires_at
        return lease.holder, expires if expires.tzinfo else expires.replace(tzinfo=UTC)


def held_by(process: AppProcess) -> bool:
    assert process.proc is not None
    held = lease_holder()
    return held is not None and f":{process.proc.pid}:" in held[0] and held[1] > datetime.now(UTC)


@pytest.fixture
def slow_meili(meili: MeiliProcess) -> Iterator[SlowProxy]:
    proxy = SlowProxy(meili.port, delay_s=1.0)
    yield proxy
    proxy.close()


@pytest.fixture
def child_env(env: None) -> dict[str, str]:
    maintenance.setup(get_engine(), get_settings())  # the indexes exist, as after deployment
    return {
        **os.environ,
        "PARTILHA_OUTBOX_WORKER": "true",
        "PARTILHA_OUTBOX_POLL_S": "0.2",
        "PARTILHA_WEBHOOK_DISPATCHER": "false",
        "PARTILHA_RATE_LIMITS_ENABLED": "false",
    }


class TestKilledHolder:
    def test_a_successor_takes_over_within_seconds(
        self, child_env: dict[str, str], slow_meili: SlowProxy, tmp_path: Path
    ) -> None:
        slow_env = {**child_env, "PARTILHA_MEILI_URL": f"http://127.0.0.1:{slow_meili.port}"}
        victim = AppProcess("victim", slow_env, tmp_path / "victim.log").start()
        successor = AppProcess("successor", child_env, tmp_path / "successor.log")
        try:
            # Its first pass applies the index settings through the slow proxy, under the lease.
            wait_until(lambda: held_by(victim), "the victim to hold the lease", 60)
            assert victim.proc is not None
            victim.proc.kill()  # SIGKILL: no release, no shutdown
            victim.proc.wait(10)
            killed = time.monotonic()
            with Session(get_engine()) as session:
                event = OutboxEvent(entity_type="practice", entity_id=999_999, kind="published")
                session.add(event)
                session.commit()
                event_id = event.id
            successor.start()

            def indexed() -> bool:
                with Session(get_engine()) as session:
                    row = session.get(OutboxEvent, event_id)
                    return row is not None and row.processed_at is not None

            wait_until(indexed, "the successor to index again", 60)
            took = time.monotonic() - killed
            print(f"indexing resumed {took:.1f} s after the kill")  # the figure, with -s
            assert held_by(successor) or lease_holder() is not None
            assert took < TAKEOVER_S, f"indexing stopped for {took:.1f} s (lease {LEASE_TTL_S} s)"
        finally:
            victim.stop()
            successor.stop()
