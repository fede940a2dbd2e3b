"""Abuse limits turned on (the `env` fixture turns them off) with small budgets, apps whose
requests come from chosen client addresses, and a look at the stored counters."""

import time
from collections.abc import Iterator
from datetime import datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.config import get_settings
from app.db import get_engine
from app.ratelimits.models import RateLimitBucket
from app.ratelimits.service import Limiter

BUDGETS = {
    "SIGN_IN_IP": "6/300",
    "SIGN_IN_ACCOUNT": "3/900",
    "SIGN_IN_PAIR": "3/900",
    "API_KEYS_ACCOUNT": "2/3600",
    "API_KEYS_IP": "3/3600",
    "SUBMISSIONS_ACCOUNT": "3/3600",
    "SUBMISSIONS_IP": "5/3600",
    "SEARCH_IP": "4/60",
}


def clear_of_the_minute_turn(margin_s: float = 10.0) -> None:
    """Every budget's window is aligned to the clock's minutes: requests that straddle a turn
    would find the budget given back halfway, so a test starts in a fresh minute when the turn
    is near."""
    left = 60 - time.time() % 60
    if left < margin_s:
        time.sleep(left + 0.1)


@pytest.fixture
def limits(env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    clear_of_the_minute_turn()
    monkeypatch.setenv("PARTILHA_RATE_LIMITS_ENABLED", "true")
    for rule, budget in BUDGETS.items():
        monkeypatch.setenv(f"PARTILHA_RATE_LIMIT_{rule}", budget)
    get_settings.cache_clear()


def make_app() -> FastAPI:
    from app.main import create_app

    return create_app()


@pytest.fixture
def app(limits: None) -> Iterator[FastAPI]:
    application = make_app()
    with TestClient(application):  # the lifespan, once
        yield application


def from_ip(app: FastAPI, ip: str) -> TestClient:
    """A client whose requests come from `ip` (one app, many addresses)."""
    return TestClient(app, client=(ip, 50000))


def limiter(app: FastAPI) -> Limiter:
    found: Limiter = app.state.rate_limiter
    return found


def buckets() -> list[RateLimitBucket]:
    with Session(get_engine()) as session:
        return list(session.exec(select(RateLimitBucket).order_by(col(RateLimitBucket.key))))


def age_buckets(prefix: str, window_start: datetime) -> None:
    """Move the stored windows of the keys starting with `prefix` (time passing, no sleep)."""
    with Session(get_engine()) as session:
        rows = session.exec(
            select(RateLimitBucket).where(col(RateLimitBucket.key).startswith(prefix))
        )
        for row in rows:
            row.window_start = window_start
            session.add(row)
        session.commit()


def assert_limited(response, rule: str) -> int:  # type: ignore[no-untyped-def]
    """A 429 problem naming the rule, with Retry-After in seconds; returns Retry-After."""
    assert response.status_code == 429, response.text
    retry_after = int(response.headers["Retry-After"])
    assert retry_after >= 1
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 429
    assert body["title"] == "Muitas requisições"
    assert body["limit"]["rule"] == rule
    assert body["retry_after"] == retry_after
    assert "too many" in body["detail"] and f"at most {body['limit']['limit']}" in body["detail"]
    assert retry_after <= body["limit"]["window_s"]
    return retry_after
