"""Helpers for page tests through TestClient: CSRF tokens and signing in like a browser."""

import re

from fastapi.testclient import TestClient
from httpx import Response

from app.accounts.models import User
from tests.builders import PASSWORD

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
REVISION = re.compile(r'name="revision_id" value="(\d+)"')


def csrf_from(response: Response) -> str:
    match = CSRF.search(response.text)
    assert match, "the page has no CSRF field"
    return match.group(1)


def csrf(client: TestClient, path: str = "/entrar") -> str:
    return csrf_from(client.get(path))


def review_post(client: TestClient, review: str, action: str, **fields: object) -> Response:
    """Post one of a review page's forms (`action`: assumir, decisao ...) as a curator does:
    with the CSRF token of the page at `review` and the revision it shows."""
    page = client.get(review)
    revision = REVISION.search(page.text)
    assert revision, "the page has no revision_id field"
    data = {"csrf_token": csrf_from(page), "revision_id": revision.group(1), **fields}
    return client.post(f"{review}/{action}", data=data, follow_redirects=False)


def sign_in(
    client: TestClient, user: User, password: str = PASSWORD, next_path: str | None = None
) -> Response:
    """Sign in through the form; `next_path` is the page the sign-in link asked to return to."""
    data = {"email": user.email, "password": password, "csrf_token": csrf(client)}
    if next_path is not None:
        data["next"] = next_path
    response = client.post("/entrar", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response


def practice_form(**overrides: object) -> dict[str, object]:
    """What a contributor types into the "geral" template's form."""
    form: dict[str, object] = {
        "template": "geral",
        "title": "Casa de passagem para famílias venezuelanas",
        "summary": "Acolhimento provisório de famílias recém-chegadas a Pacaraima.",
        "description": "## Como funciona\n\nA casa recebe famílias por até 30 dias.",
        "themes": ["acolhimento-abrigamento"],
        "audiences": ["refugiados", "migrantes"],
        "scope": "municipal",
        "municipalities": "1400100",
        "evidence_level": "monitorada",
        "languages": ["pt", "es"],
        "results": "320 famílias acolhidas em 2024.",
        "how_to_replicate": "Firmar convênio com a assistência social do município.",
        "details.implementation_stage": "consolidada",
        "details.people_reached": "1.250",
        "contact_name": "Maria Contato",
        "contact_email": "maria@example.org",
    }
    form.update(overrides)
    return form


def post_form(client: TestClient, path: str, form_page: str, data: dict[str, object]) -> Response:
    """Open the page that holds the form, then post it with that page's CSRF token."""
    token = csrf_from(client.get(form_page))
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def read_page(client: TestClient, path: str, lang: str = "pt-BR") -> str:
    """A page as an anonymous reader in this language sees it (no session cookie)."""
    reader = TestClient(client.app)
    response = reader.get(path, headers={"Accept-Language": lang})
    assert response.status_code == 200, response.text
    return response.text
