"""A partner's client reads API errors in its own language: the problem's title and detail
follow Accept-Language (es, en, fr, pt-BR), with Content-Language saying which; without the
header they stay as documented."""

import pytest
from fastapi.testclient import TestClient

from tests.builders import auth
from tests.web.conftest import People


@pytest.mark.parametrize(
    ("accept", "lang", "title", "detail"),
    [
        ("en-GB,en;q=0.9", "en", "Invalid data", "the request has invalid fields"),
        ("es", "es", "Datos no válidos", "la solicitud tiene campos no válidos"),
        ("fr-FR", "fr", "Données non valides", "la requête contient des champs non valides"),
        ("pt-BR", "pt-BR", "Dados inválidos", "a requisição tem campos inválidos"),
    ],
)
def test_invalid_fields_in_the_clients_language(
    client: TestClient, people: People, accept: str, lang: str, title: str, detail: str
):
    answer = client.post(
        "/api/v1/practices",
        json={"title": ""},
        headers={**auth(people.contributor), "Accept-Language": accept},
    )
    assert answer.status_code == 422
    problem = answer.json()
    assert (problem["title"], problem["detail"]) == (title, detail)
    assert answer.headers["content-language"] == lang
    assert "Accept-Language" in answer.headers["vary"]
    assert problem["errors"]  # the fields are still named


def test_other_problems_follow_the_language_too(client: TestClient, people: People):
    english = {"Accept-Language": "en"}
    unknown = client.get("/api/v1/nothing-here", headers=english).json()
    assert (unknown["title"], unknown["detail"]) == ("Not found", "not found")
    anonymous = client.get("/api/v1/me", headers={"Accept-Language": "fr"}).json()
    assert anonymous["title"] == "Connexion requise"
    assert anonymous["detail"] == "authentification requise"
    # A detail with its own figures keeps them; the title still follows the language.
    spanish = client.get(
        "/api/v1/exports/practices.csv?theme=nope", headers={"Accept-Language": "es"}
    )
    assert spanish.json()["title"] == "Datos no válidos"
    assert spanish.json()["detail"] == "valores de filtro desconocidos o no aplicables"
    # Without the header, the documented words (clients may match on them).
    plain = client.post("/api/v1/practices", json={}, headers=auth(people.contributor)).json()
    assert (plain["title"], plain["detail"]) == (
        "Dados inválidos",
        "the request has invalid fields",
    )
