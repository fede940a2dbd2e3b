"""A real HTTP receiver on loopback, a DNS the tests control, and actors who subscribe to
webhooks."""

import ipaddress
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import User
from app.config import get_settings
from app.db import get_engine
from app.webhooks import urls
from app.webhooks.dispatch import PassResult, dispatch_once
from tests.builders import auth, make_org, make_user, publish
from tests.opendata.settle import wait_until_settled


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """Answers each POST with the next status of `answers` (then 200) and records it."""

    url: str = ""
    answers: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, request: Received) -> int:
        with self.lock:
            self.received.append(request)
            return self.answers.pop(0) if self.answers else 200


@dataclass
class Dns:
    """Names the tests make resolve where they like; any other name does not resolve, so no
    webhook test ever asks the real DNS."""

    answers: dict[str, list[str]] = field(
        default_factory=lambda: {"localhost": ["::1", "127.0.0.1"]}
    )
    asked: list[str] = field(default_factory=list)

    def resolve(self, host: str, _port: int) -> list[urls.IpAddress]:
        self.asked.append(host)
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [ipaddress.ip_address(a) for a in self.answers[host]]


@pytest.fixture(autouse=True)
def dns() -> Iterator[Dns]:
    fake = Dns()
    urls.use_resolver(fake.resolve)
    yield fake
    urls.use_resolver(None)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status = state.answer(Received(self.path, dict(self.headers.items()), body))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_port}/hooks/partilha"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


class Partners:
    def __init__(self, session: Session, client: TestClient):
        self.client = client
        org = make_org(session, "Cáritas Roraima", uf="RR")
        self.owner: User = make_user(session, "contributor", org, email="owner@teste.org")
        self.curator: User = make_user(session, "curator", email="curator@teste.org")
        self.admin: User = make_user(session, "admin", email="admin@teste.org")
        self.partner: User = make_user(
            session, "contributor", make_org(session, "OKA", "osc"), email="oka@teste.org"
        )
        self.other: User = make_user(
            session, "contributor", make_org(session, "Outra", "osc"), email="outra@teste.org"
        )

    def subscribe(self, user: User, url: str, events: list[str], **extra: Any) -> Any:
        return self.client.post(
            "/api/v1/webhooks", json={"url": url, "events": events, **extra}, headers=auth(user)
        )

    def hook(self, url: str, events: list[str]) -> dict[str, Any]:
        """A loopback subscription (admins only may allow private addresses)."""
        response = self.subscribe(self.admin, url, events, allow_private=True)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def publish(self, **overrides: Any) -> dict[str, Any]:
        return publish(self.client, self.owner, self.curator, **overrides)

    def dispatch(self, now: datetime | None = None) -> PassResult:
        wait_until_settled()  # what was published is below the outbox horizon
        return dispatch_once(get_engine(), get_settings(), now)

    def log(self, hook_id: int, user: User | None = None) -> list[dict[str, Any]]:
        response = self.client.get(
            f"/api/v1/webhooks/{hook_id}/deliveries", headers=auth(user or self.admin)
        )
        assert response.status_code == 200, response.text
        return list(response.json()["items"])


@pytest.fixture
def partners(session: Session, client: TestClient) -> Partners:
    return Partners(session, client)
