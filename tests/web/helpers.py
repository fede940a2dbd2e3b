"""Helpers for page tests through TestClient: CSRF tokens and signing in like a browser."""

import re

from fastapi.testclient import TestClient
from httpx import Response

from app.accounts.models import User
from tests.builders import PASSWORD

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(response: Response) -> str:
    match = CSRF.search(response.text)
    assert match, "the page has no CSRF field"
    return match.group(1)


def csrf(client: TestClient, path: str = "/entrar") -> str:
    return csrf_from(client.get(path))


def sign_in(client: TestClient, user: User, password: str = PASSWORD) -> Response:
    token = csrf(client)
    response = client.post(
        "/entrar",
        data={"email": user.email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return response
