"""Fixtures for the web interface: the people who use it, a search sync, and (for browser
tests) the real app served by uvicorn in a thread with Chromium driven by Playwright."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import Organisation, User
from app.config import get_settings
from app.db import get_engine
from app.search.sync import sync_once
from tests.builders import make_org, make_user


@dataclass
class People:
    org: Organisation
    contributor: User
    other_contributor: User
    curator: User
    gov_editor: User


@pytest.fixture
def people(session: Session) -> People:
    org = make_org(session, "Cáritas Roraima")
    other = make_org(session, "Missão Paz", uf="SP")
    city = make_org(session, "Prefeitura de Boa Vista", type="governo-municipal")
    return People(
        org=org,
        contributor=make_user(session, "contributor", org, email="ana@caritas.org"),
        other_contributor=make_user(session, "contributor", other, email="rui@missaopaz.org"),
        curator=make_user(session, "curator", email="curadora@partilha.org"),
        gov_editor=make_user(
            session, "gov_editor", city, scope="1400100", email="sec@bv.rr.gov.br"
        ),
    )


def sync_search(session: Session) -> None:
    """Process the outbox into the real Meilisearch (the worker thread is off in tests)."""
    session.commit()  # SQLite: the test's own reads must not hold the write lock
    result = sync_once(get_engine(), get_settings(), ignore_backoff=True)
    assert result.failed == 0, result


@pytest.fixture
def anonymous(client: TestClient) -> Iterator[TestClient]:
    client.cookies.clear()
    yield client


@pytest.fixture
def search_ready(session: Session) -> None:
    """Indexes created with their settings and the 5,571 municipalities loaded."""
    from app.search import maintenance

    maintenance.setup(get_engine(), get_settings())
