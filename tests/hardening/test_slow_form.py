"""A signed-in person's page POST whose multipart body arrives slowly never holds the
database's write lock (SQLite has one for the whole file): the form is read whole before any
transaction starts, within a read timeout (408 after it)."""

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn
from sqlmodel import Session

from app.config import get_settings
from tests.builders import PASSWORD, auth, make_org, make_user
from tests.web.helpers import CSRF

BOUNDARY = "partilha-slow-boundary"


@dataclass
class Live:
    url: str
    port: int


@pytest.fixture
def live(env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Live]:
    """The app under uvicorn on a port the system picks, in a thread of this test."""
    from app.main import create_app

    monkeypatch.setenv("PARTILHA_FORM_READ_TIMEOUT_S", "3")
    get_settings.cache_clear()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = threading.Event()
    while not started.wait(0.05):
        if server.started:
            started.set()
        assert thread.is_alive(), "uvicorn did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    yield Live(f"http://127.0.0.1:{port}", port)
    server.should_exit = True
    thread.join(timeout=20)


def signed_in_browser(live: Live, email: str) -> tuple[str, str]:
    """Sign in through the form; the session cookie and a CSRF token of the signed-in page."""
    with httpx.Client(base_url=live.url, timeout=10) as browser:
        token = CSRF.search(browser.get("/entrar").text)
        assert token
        data = {"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
        assert browser.post("/entrar", data=data).status_code == 303
        page = CSRF.search(browser.get("/conta").text)
        assert page
        return browser.cookies["partilha_session"], page.group(1)


def multipart(token: str) -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\n{"x" * 200}\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f"--{BOUNDARY}--\r\n"
    ).encode()


def open_post(live: Live, path: str, cookie: str, body: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", live.port), timeout=15)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{live.port}\r\n"
        f"Cookie: partilha_session={cookie}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    sock.sendall(head.encode())
    return sock


def status_of(sock: socket.socket) -> int:
    answer = b""
    while b"\r\n" not in answer:
        chunk = sock.recv(4096)
        if not chunk:
            break
        answer += chunk
    return int(answer.split(b" ", 2)[1])


class TestSlowForm:
    def test_other_writes_go_through_while_a_form_trickles_in(self, live: Live, session: Session):
        org = make_org(session)
        user = make_user(session, "contributor", org, email="ana@caritas.org")
        admin = make_user(session, "admin", email="root@partilha.org")
        session.commit()
        cookie, token = signed_in_browser(live, user.email)
        body = multipart(token)
        sock = open_post(live, "/sair", cookie, body)
        pieces = [body[i : i + 60] for i in range(0, len(body), 60)]
        with httpx.Client(base_url=live.url, timeout=5) as api:
            for n, piece in enumerate(pieces[:-1]):
                sock.sendall(piece)
                # A write while the form is still arriving: before the fix it waited for the
                # slow request's transaction (SQLite's busy timeout is 30 s) and timed out.
                org_body = {"name": f"Organização {n}", "type": "osc", "uf": "RR"}
                created = api.post("/api/v1/organisations", json=org_body, headers=auth(admin))
                assert created.status_code == 201, created.text
        sock.sendall(pieces[-1])
        assert status_of(sock) == 303  # the slow sign-out itself went through
        sock.close()

    def test_a_form_that_never_finishes_gets_408(self, live: Live, session: Session):
        user = make_user(session, "contributor", make_org(session), email="ana@caritas.org")
        session.commit()
        cookie, token = signed_in_browser(live, user.email)
        body = multipart(token)
        sock = open_post(live, "/sair", cookie, body)
        sock.sendall(body[:100])  # and then nothing, for longer than the 3 s read timeout
        assert status_of(sock) == 408
        sock.close()
