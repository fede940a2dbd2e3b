"""JSON nested hundreds of levels deep once answered 500 (the parser and text normalisation
recurse once per level): any depth is now a 4xx problem naming the limit."""

import json

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.core.limits import nests_deeper
from app.core.text import MAX_JSON_DEPTH, nfc
from tests.builders import auth, make_org, make_user, practice_payload

LIMIT = f"more than {MAX_JSON_DEPTH} levels"


def nested(depth: int) -> str:
    """`depth` arrays inside each other (json.dumps itself would recurse that deep)."""
    return "[" * depth + "]" * depth


def practice_with_details(depth: int) -> bytes:
    payload = json.dumps(practice_payload(), ensure_ascii=False)
    return (payload[:-1] + f', "details": {{"x": {nested(depth)}}}}}').encode()


@pytest.fixture
def owner_headers(session: Session) -> dict[str, str]:
    owner = make_user(session, "contributor", make_org(session), email="o@teste.org")
    return {**auth(owner), "Content-Type": "application/json"}


class TestDeepJson:
    @pytest.mark.parametrize("depth", [100, 500, 1_000, 100_000])
    def test_any_depth_is_a_4xx_problem_naming_the_limit(
        self, client: TestClient, owner_headers: dict[str, str], depth: int
    ) -> None:
        response = client.post(
            "/api/v1/practices", content=practice_with_details(depth), headers=owner_headers
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert LIMIT in body["detail"] and body["errors"][0]["type"] == "too_deep"

    def test_without_a_content_type_too(
        self, client: TestClient, owner_headers: dict[str, str]
    ) -> None:
        headers = {"Authorization": owner_headers["Authorization"]}
        response = client.post("/api/v1/practices", content=nested(5_000), headers=headers)
        assert response.status_code == 422 and LIMIT in response.json()["detail"]

    def test_a_batch_line_nested_too_deep_is_its_own_invalid_result(
        self, client: TestClient, owner_headers: dict[str, str]
    ) -> None:
        good = json.dumps({**practice_payload(), "external_id": "bom"}, ensure_ascii=False)
        lines = [practice_with_details(depth).decode() for depth in (100, 1_000, 100_000)]
        response = client.post(
            "/api/v1/practices/batch",
            content="\n".join([*lines, good]).encode(),
            headers={**owner_headers, "Content-Type": "application/x-ndjson"},
        )
        assert response.status_code == 200, response.text
        results = response.json()["results"]
        assert [r["status"] for r in results] == ["invalid", "invalid", "invalid", "created"]
        assert all(LIMIT in r["problem"]["detail"] for r in results[:3])

    def test_brackets_inside_strings_are_text(self) -> None:
        text = json.dumps({"title": "[" * 1000, "quote": '\\"[' * 100})
        assert not nests_deeper(text)
        assert nests_deeper(nested(MAX_JSON_DEPTH + 1))
        assert not nests_deeper(nested(MAX_JSON_DEPTH))

    def test_normalisation_stops_at_the_limit_instead_of_the_stack(self) -> None:
        value: list[object] = []
        for _ in range(5_000):
            value = [value]
        with pytest.raises(ValueError, match=LIMIT):
            nfc({"details": value})
