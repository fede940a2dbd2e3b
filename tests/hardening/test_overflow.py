"""Values that overflow once the server converts them (a cursor past 64 bits, a date that
leaves the calendar when moved to UTC) are a 422 naming the parameter, checked before an
export starts streaming: never a 500, never a download cut in the middle."""

import base64
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.builders import auth, make_org, make_user, publish

TOO_EARLY = "0001-01-01T00:00:00+14:00"  # UTC would be in year 0
TOO_LATE = "9999-12-31T23:59:59-14:00"  # UTC would be in year 10000
DATASETS = ("practices", "municipalities", "capacity-history", "policies", "replications")
HUGE = 10**20


def cursor(txid: int, event_id: int) -> str:
    return base64.urlsafe_b64encode(f"{txid}:{event_id}".encode()).decode().rstrip("=")


def assert_names(response: Any, parameter: str) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert ["query", parameter] in [e["loc"] for e in response.json()["errors"]]


class TestOverflowingParameters:
    @pytest.mark.parametrize("fmt", ["csv", "ndjson"])
    def test_export_dates(self, client: TestClient, session: Session, fmt: str) -> None:
        org = make_org(session, "Cáritas Roraima", uf="RR")
        publish(client, make_user(session, "contributor", org), make_user(session, "curator"))
        for dataset in DATASETS:
            path = f"/api/v1/exports/{dataset}.{fmt}"
            for value in (TOO_EARLY, TOO_LATE):
                assert_names(client.get(path, params={"updated_since": value}), "updated_since")
            edge = client.get(path, params={"updated_since": "0001-01-01T00:00:00-03:00"})
            assert edge.status_code == 200, edge.text  # the earliest instant that converts
        # The filter itself still works.
        for since, rows in (("2000-01-01", 1), ("2999-01-01T00:00:00+14:00", 0)):
            found = client.get("/api/v1/exports/practices.json", params={"updated_since": since})
            assert len(found.json()) == rows

    def test_change_feed_cursors(self, client: TestClient) -> None:
        for txid, event_id in ((2**63, 1), (1, 2**63), (HUGE, HUGE)):
            assert_names(
                client.get("/api/v1/changes", params={"since": cursor(txid, event_id)}), "since"
            )
        last = client.get("/api/v1/changes", params={"since": cursor(2**63 - 1, 2**63 - 1)})
        assert last.status_code == 200 and last.json()["items"] == []

    def test_every_integer_and_date_query_parameter(
        self, client: TestClient, session: Session
    ) -> None:
        """A walk over every GET operation of the API: each integer or date parameter, sent a
        value that overflows, is refused (4xx problem+json), or answered whole."""
        admin = auth(make_user(session, "admin", email="admin@teste.org"))
        spec = client.get("/openapi.json").json()
        tried = 0
        for template, operations in spec["paths"].items():
            operation = operations.get("get")
            if operation is None:
                continue
            path, parameters = _filled(template, operation.get("parameters", []))
            for parameter in parameters:
                for value in _overflowing(parameter):
                    tried += 1
                    answer = client.get(path, params={parameter["name"]: value}, headers=admin)
                    assert answer.status_code < 500, (path, parameter["name"], answer.text)
                    if answer.status_code >= 400:
                        assert answer.headers["content-type"] == "application/problem+json"
        assert tried > 20  # the walk really found the parameters


def _filled(template: str, parameters: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """The path with valid path parameters (an enum's first value, else 1), its query ones."""
    path = template
    for parameter in parameters:
        if parameter["in"] == "path":
            schema = parameter["schema"]
            value = schema["enum"][0] if "enum" in schema else "1"
            path = path.replace("{" + parameter["name"] + "}", str(value))
    return path, [p for p in parameters if p["in"] == "query"]


def _overflowing(parameter: dict[str, Any]) -> list[str]:
    schema = str(parameter["schema"])
    values = [str(HUGE)] if "'integer'" in schema else []
    if "date-time" in schema:
        values += [TOO_EARLY, TOO_LATE]
    if parameter["name"] == "since":
        values.append(cursor(HUGE, HUGE))
    return values
