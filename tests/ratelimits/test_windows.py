"""Fixed windows: a new window gives the budget back; stale counters are pruned."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from fastapi import FastAPI
from sqlmodel import Session

from app.db import get_engine, utcnow
from app.ratelimits import repository as repo
from app.ratelimits.models import RateLimitBucket
from app.ratelimits.service import window_start
from tests.ratelimits.conftest import age_buckets, assert_limited, buckets, from_ip, limiter
from tests.ratelimits.test_sign_in import token


class TestWindowReset:
    def test_a_new_window_gives_the_budget_back(self, app: FastAPI):
        client = from_ip(app, "203.0.113.5")
        for n in range(6):
            token(client, f"nobody{n}@example.org")
        assert_limited(token(client, "x@example.org"), "sign_in_ip")
        age_buckets("sign_in_ip:", utcnow() - timedelta(hours=1))  # the window is over
        assert token(client, "x@example.org").status_code == 401
        assert [b.hits for b in buckets() if b.key.startswith("sign_in_ip:")] == [1]

    def test_retry_after_counts_down_to_the_end_of_the_window(self, app: FastAPI):
        start = window_start(utcnow(), 300)
        limiter(app).clock = lambda: start + timedelta(seconds=280)
        client = from_ip(app, "203.0.113.5")
        for n in range(6):
            token(client, f"nobody{n}@example.org")
        assert assert_limited(token(client, "x@example.org"), "sign_in_ip") == 20
        limiter(app).clock = lambda: start + timedelta(seconds=300)  # the next window
        assert token(client, "x@example.org").status_code == 401


class TestPruning:
    def test_counters_of_finished_windows_are_deleted(self, app: FastAPI):
        with Session(get_engine()) as session:
            old = utcnow() - timedelta(days=2)
            session.add(RateLimitBucket(key="sign_in_ip:ip:192.0.2.1", window_start=old, hits=9))
            session.commit()
        limiter(app)._next_prune = 0  # due now (otherwise at most once a minute)
        token(from_ip(app, "203.0.113.5"), "x@example.org")
        assert [b.key for b in buckets()] == [
            "sign_in_account:" + limiter(app).email_key("x@example.org"),
            "sign_in_ip:ip:203.0.113.5",
            "sign_in_pair:" + limiter(app).pair_key("x@example.org", "ip:203.0.113.5"),
        ]


class TestConcurrentHits:
    def test_no_hit_is_lost_when_processes_count_at_once(self, limits: None):
        """The upsert is one atomic statement: 4 threads x 10 hits, each its own connection."""
        start = window_start(utcnow(), 300)

        def count(_: int) -> None:
            for _ in range(10):
                with Session(get_engine()) as session:
                    repo.hit(session, "sign_in_ip:ip:203.0.113.5", start)
                    session.commit()

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(count, range(4)))
        assert [b.hits for b in buckets()] == [40]
