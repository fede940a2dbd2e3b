"""The search budget across app processes: each process (one Limiter) reserves blocks of a
client's searches from the shared counter, so all of them together never allow more than the
configured limit; the database is written once per block, not once per search."""

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from app.config import get_settings
from app.db import utcnow
from app.errors import TooManyRequests
from app.ratelimits.leases import block_size
from app.ratelimits.rules import Rate, Rule
from app.ratelimits.service import Limiter, window_start
from tests.hardening.test_two_processes import AppProcess, running
from tests.ratelimits.conftest import assert_limited, buckets, clear_of_the_minute_turn

CLIENT = "ip:203.0.113.5"
MIDDLE = window_start(utcnow(), 60) + timedelta(seconds=30)


def process(budget: str) -> Limiter:
    """One app process's limiter, its clock in the middle of a window (no turn mid-test)."""
    settings = get_settings().model_copy(update={"rate_limit_search_ip": budget})
    return Limiter(settings, clock=lambda: MIDDLE)


def search(limiter: Limiter, client: str = CLIENT) -> bool:
    """What the search dependency does: True when the search may run, False on 429."""
    try:
        if not limiter.take_leased(Rule.SEARCH_IP, client):
            limiter.reserve(Rule.SEARCH_IP, client)
    except TooManyRequests:
        return False
    return True


def counter() -> int:
    return sum(b.hits for b in buckets() if b.key == f"search_ip:{CLIENT}")


class TestBlocks:
    def test_a_block_is_a_twentieth_of_the_limit_within_bounds(self) -> None:
        assert block_size(Rate(120, 60)) == 6
        assert block_size(Rate(4, 60)) == 1
        assert block_size(Rate(9_999_999, 60)) == 50

    def test_the_database_is_written_once_per_block(self, limits: None) -> None:
        limiter = process("100/60")  # blocks of 5
        assert all(search(limiter) for _ in range(10))
        assert counter() == 10  # two reservations
        assert search(limiter)
        assert counter() == 15


class TestSharedBudget:
    def test_two_processes_together_get_the_limit_and_no_more(self, limits: None) -> None:
        first, second = process("100/60"), process("100/60")
        allowed = 0
        while True:
            answered = [search(first), search(second)]
            allowed += sum(answered)
            if not any(answered):
                break
        assert allowed == 100
        assert not search(first) and not search(second)

    def test_concurrent_searches_in_two_processes_never_exceed_the_limit(
        self, limits: None
    ) -> None:
        limiters = [process("120/60"), process("120/60")]

        def run(n: int) -> int:
            return sum(search(limiters[n % 2]) for _ in range(60))

        with ThreadPoolExecutor(4) as pool:
            allowed = sum(pool.map(run, range(4)))  # 240 asked
        assert allowed == 120

    def test_a_used_up_budget_is_refused_without_the_database(self, limits: None) -> None:
        limiter = process("4/60")
        assert [search(limiter) for _ in range(6)] == [True] * 4 + [False] * 2
        assert counter() == 4  # the fourth reached the limit: the fifth and sixth asked nobody

    def test_another_client_keeps_its_own_budget(self, limits: None) -> None:
        first, second = process("4/60"), process("4/60")
        for _ in range(4):
            search(first)
        assert not search(second)
        assert search(second, "ip:198.51.100.9")

    def test_the_next_window_gives_the_budget_back(self, limits: None) -> None:
        limiter = process("4/60")
        for _ in range(5):
            search(limiter)
        limiter.clock = lambda: MIDDLE + timedelta(seconds=60)
        assert search(limiter)

    def test_without_limits_nothing_is_counted(self, env: None) -> None:
        limiter = process("4/60")
        assert all(search(limiter) for _ in range(10))
        assert buckets() == []


@pytest.mark.slow
class TestTwoAppProcesses:
    def test_the_budget_is_one_for_both_processes(self, limits: None, tmp_path: Path) -> None:
        child_env = {**os.environ, "PARTILHA_RATE_LIMIT_SEARCH_IP": "6/60"}
        apps = [AppProcess(n, child_env, tmp_path / f"{n}.log") for n in ("app-a", "app-b")]
        with running(apps):
            clear_of_the_minute_turn()  # after the processes' start, which takes seconds
            # The organisation directory counts as a search and needs no index.
            answers = [httpx.get(f"{apps[n % 2].url}/api/v1/organisations") for n in range(10)]
        assert [a.status_code for a in answers] == [200] * 6 + [429] * 4
        retry_after = assert_limited(answers[-1], "search_ip")
        assert retry_after <= 60
