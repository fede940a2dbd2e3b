"""Structured logs: one JSON access line per request carrying the request id, the id echoed
and put in problem+json answers, background passes with their own ids, and no personal data."""

import json
import logging
import re
import socket
import subprocess
import sys
from datetime import datetime, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import PROJECT_ROOT, get_settings
from app.db import get_engine
from app.search.sync import sync_once
from tests.builders import PASSWORD, auth, make_org, make_user, practice_payload
from tests.observability.conftest import Logs, owned_draft
from tests.webhooks.conftest import Partners, Receiver

GENERATED = re.compile(r"[0-9a-f]{32}")


class TestAccessLine:
    def test_one_json_line_per_request_with_the_route_template(
        self, client: TestClient, session: Session, logs: Logs
    ) -> None:
        owner, practice = owned_draft(client, session)
        logs.read()

        response = client.get(f"/api/v1/practices/{practice['id']}?lang=es", headers=auth(owner))

        assert response.status_code == 200
        [line] = logs.access()
        assert line["request_id"] == response.headers["X-Request-ID"]
        assert GENERATED.fullmatch(line["request_id"])
        assert line["level"] == "INFO"
        assert line["method"] == "GET"
        assert line["route"] == "/api/v1/practices/{practice_id}"  # not the id, no query string
        assert line["status"] == 200
        assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
        when = datetime.fromisoformat(line["timestamp"].replace("Z", "+00:00"))
        assert when.utcoffset() == timedelta(0)
        assert "lang=es" not in logs.text

    def test_unknown_paths_share_one_route_label(self, client: TestClient, logs: Logs) -> None:
        response = client.get("/api/v1/no-such-thing/123")
        assert response.status_code == 404
        [line] = logs.access()
        assert line["route"] == "unmatched"
        assert "no-such-thing" not in logs.text

    def test_lines_logged_while_serving_carry_the_request_id(
        self, client: TestClient, logs: Logs
    ) -> None:
        from app.main import create_app

        app = create_app()

        @app.get("/api/v1/test-log")
        def _log_something() -> dict[str, str]:  # a sync route: runs in the threadpool
            logging.getLogger("partilha.test").warning("inside the route")
            return {}

        with TestClient(app) as own:
            response = own.get("/api/v1/test-log")
        lines = logs.read()
        [inside] = [line for line in lines if line["message"] == "inside the route"]
        assert inside["request_id"] == response.headers["X-Request-ID"]


class TestRequestId:
    def test_a_safe_incoming_id_is_echoed_and_logged(self, client: TestClient, logs: Logs) -> None:
        response = client.get("/api/v1/templates", headers={"X-Request-ID": "lb-7f3a.2_x"})
        assert response.headers["X-Request-ID"] == "lb-7f3a.2_x"
        assert logs.access()[0]["request_id"] == "lb-7f3a.2_x"

    @pytest.mark.parametrize(
        "incoming", ["a" * 65, "<script>alert(1)</script>", "id with spaces", "../etc", ""]
    )
    def test_an_unsafe_incoming_id_is_replaced(
        self, client: TestClient, logs: Logs, incoming: str
    ) -> None:
        response = client.get("/api/v1/templates", headers={"X-Request-ID": incoming})
        rid = response.headers["X-Request-ID"]
        assert GENERATED.fullmatch(rid)
        assert logs.access()[0]["request_id"] == rid
        if incoming:
            assert incoming not in logs.text

    def test_problem_answers_carry_the_request_id(self, client: TestClient) -> None:
        for response in (
            client.get("/api/v1/practices/999999"),  # 404 from a service
            client.get("/api/v1/me"),  # 401
            client.post("/api/v1/practices", json={"title": 1}, headers={"X-Request-ID": "r-1"}),
        ):
            assert response.headers["content-type"] == "application/problem+json"
            assert response.json()["request_id"] == response.headers["X-Request-ID"]
        assert response.json()["request_id"] == "r-1"

    def test_an_unhandled_error_is_logged_once_with_the_id_and_answered_as_a_problem(
        self, env: None, logs: Logs
    ) -> None:
        from app.main import create_app

        app = create_app()

        @app.get("/api/v1/test-boom")
        def _boom() -> None:
            raise RuntimeError("boom")

        with TestClient(app, raise_server_exceptions=False) as own:
            response = own.get("/api/v1/test-boom")

        assert response.status_code == 500
        rid = response.headers["X-Request-ID"]
        assert response.json()["request_id"] == rid
        lines = logs.read()
        [error] = [line for line in lines if line["logger"] == "partilha.errors"]
        assert error["request_id"] == rid and "RuntimeError: boom" in error["exception"]
        [access] = [line for line in lines if line["logger"] == "partilha.access"]
        assert (access["status"], access["level"], access["route"]) == (
            500,
            "ERROR",
            "/api/v1/test-boom",
        )


class TestBackgroundIds:
    def test_an_outbox_pass_logs_under_its_own_id(
        self, client: TestClient, session: Session, logs: Logs
    ) -> None:
        from tests.builders import publish

        org = make_org(session)
        publish(client, make_user(session, "contributor", org), make_user(session, "curator"))
        logs.read()

        sync_once(get_engine(), get_settings())

        [line] = [x for x in logs.read() if x["message"].startswith("outbox pass")]
        assert re.fullmatch(r"outbox-[0-9a-f]{12}", line["request_id"])
        assert line["outbox"]["processed"] >= 1

    def test_a_webhook_pass_logs_under_its_own_id_without_the_partner_url(
        self, partners: Partners, receiver: Receiver, logs: Logs
    ) -> None:
        receiver.answers = [500]
        url = f"{receiver.url}?token=partner-secret-123"
        partners.hook(url, ["practice.published"])
        partners.publish()
        logs.read()

        result = partners.dispatch()

        assert result.retrying == 1
        [line] = [x for x in logs.read() if x["message"].startswith("webhook pass")]
        assert re.fullmatch(r"webhooks-[0-9a-f]{12}", line["request_id"])
        assert line["webhooks"]["retrying"] == 1
        assert "partner-secret-123" not in logs.text
        assert "/hooks/partilha" not in logs.text


class TestNoPersonalData:
    def test_sign_in_and_a_practice_with_contacts_leave_no_personal_data(
        self, client: TestClient, session: Session, logs: Logs
    ) -> None:
        org = make_org(session)
        make_user(session, "contributor", org, email="joana.silva@acolhe.org")
        contact = {
            "name": "Marta Contato",
            "email": "marta@abrigo.org",
            "phone": "+55 95 98888-1234",
        }

        signed_in = client.post(
            "/api/v1/auth/token",
            data={"username": "joana.silva@acolhe.org", "password": PASSWORD},
        )
        assert signed_in.status_code == 200, signed_in.text
        token = signed_in.json()["access_token"]
        refused = client.post(
            "/api/v1/auth/token", data={"username": "ninguem@acolhe.org", "password": "errada-123"}
        )
        assert refused.status_code in (400, 401)
        headers = {"Authorization": f"Bearer {token}"}
        created = client.post(
            "/api/v1/practices", json=practice_payload(contact=contact), headers=headers
        )
        assert created.status_code == 201, created.text
        invalid = client.post(  # a 422 names the field, never echoes the value
            "/api/v1/practices",
            json=practice_payload(contact={**contact, "email": "marta@@abrigo"}),
            headers=headers,
        )
        assert invalid.status_code == 422
        client.get("/api/v1/search/practices", params={"q": "marta@abrigo.org Marta Contato"})

        logs.read()
        assert len(re.findall(r'"logger": "partilha.access"', logs.text)) == 5
        for secret in (
            "joana.silva@acolhe.org",
            "joana.silva%40acolhe.org",
            "ninguem@acolhe.org",
            PASSWORD,
            "errada-123",
            token,
            token.split(".")[-1],
            "marta@abrigo.org",
            "marta@@abrigo",
            "Marta Contato",
            "Marta+Contato",
            "98888-1234",
            "testclient",  # the client's address is logged only as a keyed hash
        ):
            assert secret not in logs.text, secret

    def test_the_safety_net_redacts_emails_and_credentials_whoever_logs_them(
        self, client: TestClient, logs: Logs
    ) -> None:
        log = logging.getLogger("partilha.careless")
        log.warning("contact %s, Authorization: Bearer abc.def.ghi", "maria@example.org")
        log.warning("GET /x?email=joao%40example.org&token=s3cr3t&key=ptk_abcdef123")
        try:
            raise ValueError("duplicate key: ana@example.org")
        except ValueError:
            log.exception("failed")

        text = "".join(line["message"] + line.get("exception", "") for line in logs.read())
        for secret in (
            "maria@example.org",
            "abc.def.ghi",
            "joao%40example.org",
            "s3cr3t",
            "ptk_abcdef123",
            "ana@example.org",
        ):
            assert secret not in text, secret
        assert "[email]" in text and "Bearer [redacted]" in text


class TestUvicorn:
    def test_served_as_start_sh_serves_it_every_line_is_json(self, env: None) -> None:
        """uvicorn with scripts/start.sh's logging flags: its own lines and the app's, one JSON
        object each, and no uvicorn access line (the app writes its own)."""
        port = free_port()
        args = [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory"]
        args += ["--port", str(port), "--log-config", "app/core/logging.yaml", "--no-access-log"]
        server = subprocess.Popen(
            args, cwd=PROJECT_ROOT, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert server.stderr is not None
        seen = ""
        try:
            # Wait for uvicorn to say it listens (it exits, closing stderr, if it cannot).
            while "Uvicorn running on" not in seen:
                line = server.stderr.readline()
                assert line, f"uvicorn stopped: {seen}"
                seen += line
            url = f"http://127.0.0.1:{port}"
            response = httpx.get(f"{url}/api/v1/templates", params={"q": "maria@example.org"})
            assert response.status_code == 200
        finally:
            server.terminate()
            _, rest = server.communicate(timeout=30)
        err = seen + rest
        lines = [json.loads(line) for line in err.splitlines() if line.strip()]
        assert any(x["message"].startswith("Started server process") for x in lines)
        [access] = [
            x
            for x in lines
            if x["logger"] == "partilha.access"
            and x["status"] == 200
            and x["route"] == "/api/v1/templates"
        ]
        assert access["request_id"] == response.headers["X-Request-ID"]
        assert not [x for x in lines if x["logger"] == "uvicorn.access"]
        assert "maria" not in err and "127.0.0.1:" not in err.replace(f"127.0.0.1:{port}", "")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
