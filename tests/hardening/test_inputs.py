"""Inputs the fuzzer found answering 500: each is now a 4xx naming the problem."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.builders import auth, create_practice, make_org, make_user

HUGE = 10**20  # past SQLite's 64-bit and PostgreSQL's 32-bit integers


class TestHugeIds:
    @pytest.mark.parametrize(
        "path",
        [
            f"/api/v1/practices/{HUGE}",
            f"/api/v1/policies/{HUGE}",
            f"/api/v1/municipalities/{HUGE}",
            f"/api/v1/search/practices?municipality={HUGE}",
            f"/api/v1/search/practices?near={HUGE}",
            f"/api/v1/exports/practices.json?municipality={HUGE}",
        ],
    )
    def test_a_huge_id_in_the_api_is_a_422(self, client: TestClient, path: str) -> None:
        response = client.get(path)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"

    def test_a_huge_id_in_a_body_is_a_422_naming_it(
        self, client: TestClient, session: Session
    ) -> None:
        curator = make_user(session, "curator", email="cur@teste.org")
        decision = {"revision_id": HUGE, "outcome": "approve"}
        response = client.post(
            "/api/v1/curation/practices/1/decisions", json=decision, headers=auth(curator)
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["body", "revision_id"]

    @pytest.mark.parametrize(
        "path", [f"/praticas/{HUGE}", f"/municipios/{HUGE}", f"/politicas/{HUGE}"]
    )
    def test_a_huge_id_in_a_page_address_is_an_error_page(
        self, client: TestClient, path: str
    ) -> None:
        response = client.get(path)
        assert response.status_code in (404, 422)
        assert response.headers["content-type"].startswith("text/html")


class TestPatchInvalidWithStoredContent:
    def test_a_patch_that_breaks_the_stored_content_is_a_422(
        self, client: TestClient, session: Session
    ) -> None:
        owner = make_user(session, "contributor", make_org(session), email="o@teste.org")
        practice = create_practice(client, owner)
        # Valid alone (every field optional), invalid merged: an ongoing practice with an end
        # (a draft may lack a field, but what it holds is consistent).
        response = client.patch(
            f"/api/v1/practices/{practice['id']}",
            json={"end_date": "2024-01-01"},
            headers=auth(owner),
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"


class TestCapacityCsvOddities:
    def _import(self, client: TestClient, session: Session, raw: bytes) -> dict[str, object]:
        curator = make_user(session, "curator", email="cur@teste.org")
        response = client.post(
            "/api/v1/capacity-reports/import",
            files={"file": ("c.csv", raw, "text/csv")},
            data={"dry_run": "true"},
            headers=auth(curator),
        )
        assert response.status_code in (200, 422), response.text
        return response.json()

    def test_a_carriage_return_in_the_header_line(
        self, client: TestClient, session: Session
    ) -> None:
        body = self._import(client, session, b"ibge_code,as_of\rsource\n1400100,2024-01-01,x\n")
        assert body  # a report of problems, not a crash

    def test_a_cell_over_the_csv_size_limit(self, client: TestClient, session: Session) -> None:
        raw = b'ibge_code,as_of,source\n"' + b"a" * 200_000 + b'",2024-01-01,outro\n'
        body = self._import(client, session, raw)
        assert "line 2" in str(body)


class TestNulCharacters:
    """PostgreSQL text cannot hold U+0000 (a 500 there); both backends refuse it alike."""

    def test_in_a_json_body(self, client: TestClient, session: Session) -> None:
        owner = make_user(session, "contributor", make_org(session), email="o@teste.org")
        response = client.post("/api/v1/api-keys", json={"name": "a\x00b"}, headers=auth(owner))
        assert response.status_code == 400
        assert "NUL" in response.json()["detail"]

    def test_in_the_query(self, client: TestClient) -> None:
        assert client.get("/api/v1/policies?q=a%00b").status_code == 400

    def test_in_a_page_form(self, client: TestClient) -> None:
        response = client.post("/entrar", data={"email": "a\x00@b.org", "password": "x"})
        assert response.status_code == 400

    def test_late_in_a_capacity_csv(self, client: TestClient, session: Session) -> None:
        curator = make_user(session, "curator", email="cur@teste.org")
        raw = b"ibge_code,as_of,source\n" + b"1400100,2024-01-01,outro\n" * 400 + b"x\x00\n"
        response = client.post(
            "/api/v1/capacity-reports/import",
            files={"file": ("c.csv", raw, "text/csv")},
            data={"dry_run": "true"},
            headers=auth(curator),
        )
        assert response.status_code == 422
        assert "binary" in response.json()["errors"][0]["msg"]
