"""Creating practices: validation, normalisation, idempotency, limits."""

import unicodedata

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app.practices.models import Practice, PracticeRevision
from tests.builders import auth, make_org, make_user, practice_payload


@pytest.fixture
def contributor(session: Session):  # type: ignore[no-untyped-def]
    return make_user(session, "contributor", make_org(session))


def _count(session: Session) -> tuple[int, int]:
    session.expire_all()
    practices = session.exec(select(func.count()).select_from(Practice)).one()
    revisions = session.exec(select(func.count()).select_from(PracticeRevision)).one()
    return practices, revisions


class TestCreatePractice:
    def test_creates_a_draft_of_the_contributors_organisation(
        self, client: TestClient, contributor
    ) -> None:  # type: ignore[no-untyped-def]
        response = client.post(
            "/api/v1/practices", json=practice_payload(), headers=auth(contributor)
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["status"] == "draft"
        assert body["organisation"]["id"] == contributor.organisation_id
        assert body["revision"]["number"] == 1
        assert body["revision"]["content"]["contact"]["email"] == "maria@example.org"
        assert response.headers["Location"] == f"/api/v1/practices/{body['id']}"

    def test_anonymous_cannot_create(self, client: TestClient) -> None:
        response = client.post("/api/v1/practices", json=practice_payload())
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")

    @pytest.mark.parametrize(
        ("override", "loc"),
        [
            ({"template": "nao-existe"}, ["body", "template"]),
            ({"themes": ["saude", "tema-inventado"]}, ["body", "themes", 1]),
            ({"municipalities": [1400100, 9999999]}, ["body", "municipalities", 1]),
            ({"evidence_level": "otima"}, ["body", "evidence_level"]),
            ({"audiences": ["marcianos"]}, ["body", "audiences", 0]),
            ({"languages": ["xx"]}, ["body", "languages", 0]),
        ],
    )
    def test_unknown_reference_values_answer_422_naming_the_field(
        self,
        client: TestClient,
        session: Session,
        contributor,
        override,
        loc,  # type: ignore[no-untyped-def]
    ) -> None:
        response = client.post(
            "/api/v1/practices", json=practice_payload(**override), headers=auth(contributor)
        )
        assert response.status_code == 422, response.text
        assert loc in [e["loc"] for e in response.json()["errors"]]
        assert _count(session) == (0, 0)

    @pytest.mark.parametrize(
        ("override", "field"),
        [
            ({"title": "x" * 201}, "title"),
            ({"summary": "x" * 501}, "summary"),
            ({"description": "x" * 20_001}, "description"),
            ({"municipalities": [1400100] * 21}, "municipalities"),
            ({"themes": ["acolhimento-abrigamento"] * 9}, "themes"),
        ],
    )
    def test_field_limits(self, client: TestClient, contributor, override, field) -> None:  # type: ignore[no-untyped-def]
        response = client.post(
            "/api/v1/practices", json=practice_payload(**override), headers=auth(contributor)
        )
        assert response.status_code == 422
        assert any(field in e["loc"] for e in response.json()["errors"])

    def test_municipal_scope_needs_a_municipality(self, client: TestClient, contributor) -> None:  # type: ignore[no-untyped-def]
        # A draft may name them later; sending it is refused until it does.
        created = client.post(
            "/api/v1/practices", json=practice_payload(municipalities=[]), headers=auth(contributor)
        )
        assert created.status_code == 201, created.text
        response = client.post(
            f"/api/v1/practices/{created.json()['id']}/submit", headers=auth(contributor)
        )
        assert response.status_code == 422
        assert "municipalities" in response.text

    def test_state_and_national_scopes(self, client: TestClient, contributor) -> None:  # type: ignore[no-untyped-def]
        state = practice_payload(scope="state", municipalities=[], ufs=["rr", "AM"])
        response = client.post("/api/v1/practices", json=state, headers=auth(contributor))
        assert response.status_code == 201, response.text
        assert response.json()["revision"]["content"]["ufs"] == ["RR", "AM"]
        bad_uf = practice_payload(scope="state", municipalities=[], ufs=["XX"])
        assert (
            client.post("/api/v1/practices", json=bad_uf, headers=auth(contributor)).status_code
            == 422
        )
        national = practice_payload(scope="national", municipalities=[])
        assert (
            client.post("/api/v1/practices", json=national, headers=auth(contributor)).status_code
            == 201
        )

    def test_template_fields_are_validated(self, client: TestClient, contributor) -> None:  # type: ignore[no-untyped-def]
        response = client.post(
            "/api/v1/practices",
            json=practice_payload(details={"campo_inexistente": 1}),
            headers=auth(contributor),
        )
        assert response.status_code == 422
        assert ["body", "details", "campo_inexistente"] in [
            e["loc"] for e in response.json()["errors"]
        ]

    def test_text_is_nfc_normalised_and_html_kept_as_text(
        self, client: TestClient, contributor
    ) -> None:  # type: ignore[no-untyped-def]
        decomposed = unicodedata.normalize("NFD", "Capacitação em saúde <b>já</b>")
        body = client.post(
            "/api/v1/practices", json=practice_payload(title=decomposed), headers=auth(contributor)
        ).json()
        title = body["revision"]["content"]["title"]
        assert title == unicodedata.normalize("NFC", "Capacitação em saúde <b>já</b>")

    def test_malformed_json_is_a_clear_400(self, client: TestClient, contributor) -> None:  # type: ignore[no-untyped-def]
        response = client.post(
            "/api/v1/practices",
            content=b'{"title": ',
            headers={**auth(contributor), "Content-Type": "application/json"},
        )
        assert response.status_code == 400
        assert response.json()["detail"] == "the body is not valid JSON"

    def test_body_over_one_megabyte_is_413(
        self, client: TestClient, session: Session, contributor
    ) -> None:  # type: ignore[no-untyped-def]
        huge = practice_payload(description="x" * 1_100_000)
        response = client.post("/api/v1/practices", json=huge, headers=auth(contributor))
        assert response.status_code == 413
        assert _count(session) == (0, 0)


class TestIdempotentCreation:
    def test_retry_with_the_same_key_returns_the_first_result(
        self,
        client: TestClient,
        session: Session,
        contributor,  # type: ignore[no-untyped-def]
    ) -> None:
        headers = {**auth(contributor), "Idempotency-Key": "lote-42"}
        first = client.post("/api/v1/practices", json=practice_payload(), headers=headers)
        second = client.post("/api/v1/practices", json=practice_payload(), headers=headers)
        assert first.status_code == second.status_code == 201
        assert first.json()["id"] == second.json()["id"]
        assert second.headers["Idempotent-Replayed"] == "true"
        assert _count(session) == (1, 1)

    def test_same_key_with_another_body_is_a_conflict(
        self, client: TestClient, contributor
    ) -> None:  # type: ignore[no-untyped-def]
        headers = {**auth(contributor), "Idempotency-Key": "lote-43"}
        assert (
            client.post("/api/v1/practices", json=practice_payload(), headers=headers).status_code
            == 201
        )
        other = client.post(
            "/api/v1/practices", json=practice_payload(title="Outra prática"), headers=headers
        )
        assert other.status_code == 409

    def test_keys_are_per_user(self, client: TestClient, session: Session, contributor) -> None:  # type: ignore[no-untyped-def]
        colleague = make_user(
            session, "contributor", make_org(session, "Outra OSC"), email="b@teste.org"
        )
        first = client.post(
            "/api/v1/practices",
            json=practice_payload(),
            headers={**auth(contributor), "Idempotency-Key": "k"},
        )
        second = client.post(
            "/api/v1/practices",
            json=practice_payload(),
            headers={**auth(colleague), "Idempotency-Key": "k"},
        )
        assert first.json()["id"] != second.json()["id"]
