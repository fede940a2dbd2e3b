"""`make run` loads the demo through the real services: it must work, be searchable and be
safe to run again on every start."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import func, select

from app.config import get_settings
from app.db import get_engine, new_session
from app.demo.loader import demo_accounts, load_demo
from app.practices.models import LifecycleStatus, Practice
from app.search.sync import sync_once


def _load() -> str:
    # As `partilha demo load` does: its own session, closed at the end.
    with new_session() as session:
        return load_demo(session)


def _count(status: LifecycleStatus) -> int:
    with new_session() as session:
        return session.exec(select(func.count()).where(Practice.status == status)).one()


class TestDemoLoad:
    def test_loads_once_and_is_idempotent(self, env: None) -> None:
        first = _load()
        published = _count(LifecycleStatus.published)
        assert published >= 5, first
        assert _count(LifecycleStatus.submitted) >= 1  # curators have a queue to try
        # A replication, an open call and organisation profiles, so a newcomer sees them too.
        # And published policies, so /politicas and the municipality pages are not empty.
        assert first.endswith(
            "1 replicações novas, 1 chamadas novas, 3 perfis novos, 4 políticas novas"
        ), first
        again = _load()
        assert again.endswith(
            " 0 práticas novas, 0 replicações novas, 0 chamadas novas, 0 perfis novos,"
            " 0 políticas novas"
        ), again
        assert _count(LifecycleStatus.published) == published

    def test_demo_practices_are_searchable_and_logins_work(
        self, client: TestClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        _load()
        sync_once(get_engine(), get_settings())
        found = client.get("/api/v1/search/practices").json()
        assert found["total"] == _count(LifecycleStatus.published)
        registry = client.get("/api/v1/policies").json()
        assert registry["total"] == 4
        saopaulo = client.get("/api/v1/municipalities/3550308").json()["policies_in_force"]
        assert {p["number"] for p in saopaulo} >= {"13.445/2017", "16.478/2016"}

        def sign_in(account: dict[str, str]) -> int:
            data = {"username": account["email"], "password": account["password"]}
            return client.post("/api/v1/auth/token", data=data).status_code

        # Outside dev (which listens on loopback only) the public demo passwords open nothing.
        assert [sign_in(a) for a in demo_accounts()] == [401] * len(demo_accounts())
        monkeypatch.setenv("PARTILHA_ENV", "dev")
        get_settings.cache_clear()
        for account in demo_accounts():
            assert sign_in(account) == 200, account["email"]
