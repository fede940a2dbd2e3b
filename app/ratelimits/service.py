"""Fixed-window abuse limits per client IP and per account.

Windows are aligned on the clock (a 300 s window starts at every multiple of 300 s since the
epoch), so every process agrees on the current window without talking to the others and a
counter row from an earlier window is simply stale. A client may burst up to twice the limit
across a window boundary; for abuse limits that is an acceptable price for one row per client.

Every counter lives in the database (rate_limit_bucket), shared by every app process, so a
client gets the configured limit however many processes serve it. Sign-in, API-key and
submission requests count one by one. Search is the hot path and read-only: a process reserves
the client's searches a block at a time and spends them in memory (app/ratelimits/leases.py),
so most searches never touch the database."""

import hashlib
import hmac
import logging
import math
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from app.config import Settings
from app.db import new_session, utcnow
from app.errors import TooManyRequests
from app.ratelimits import repository as repo
from app.ratelimits.leases import Leases, block_size, granted
from app.ratelimits.rules import Rate, Rule

log = logging.getLogger("partilha.ratelimits")

PRUNE_EVERY_S = 60.0
Clock = Callable[[], datetime]


def window_start(now: datetime, window_s: int) -> datetime:
    """The start of the aligned window `now` falls in."""
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % window_s, UTC)


def seconds_left(now: datetime, start: datetime, window_s: int) -> int:
    """Seconds until the window ends (at least 1: Retry-After 0 would invite a tight loop)."""
    return max(1, math.ceil((start + timedelta(seconds=window_s) - now).total_seconds()))


def refuse(rule: Rule, rate: Rate, retry_after: int) -> TooManyRequests:
    detail = (
        f"too many {rule.counted}: at most {rate.limit} per {rate.window_s} s; "
        f"try again in {retry_after} s"
    )
    limit = {"rule": rule.value, "limit": rate.limit, "window_s": rate.window_s}
    return TooManyRequests(detail, retry_after=retry_after, limit=limit)


class Limiter:
    """The app's limits (one per app: app.state.rate_limiter) with an injectable clock.

    Database counters are written through the request's own session and committed at once,
    before the use case runs: the hit is kept even when the request then fails, and on SQLite
    the write lock the request already holds is reused instead of waited for."""

    def __init__(self, settings: Settings, clock: Clock = utcnow):
        self.enabled = settings.rate_limits_enabled
        self.rates = {rule: rule.rate(settings) for rule in Rule}
        self.secret = settings.secret_key.encode()
        self.clock = clock
        self._leases = {rule: Leases() for rule in Rule}
        self._next_prune = 0.0
        self._longest = max(rate.window_s for rate in self.rates.values())

    def hit(self, session: Session, rule: Rule, client: str) -> None:
        """Count one request of `client` in the database; TooManyRequests over the limit."""
        rate = self.rates[rule]
        if self.count(session, rule, client) > rate.limit:
            now = self.clock()
            start = window_start(now, rate.window_s)
            raise refuse(rule, rate, seconds_left(now, start, rate.window_s))

    def check(self, session: Session, rule: Rule, client: str) -> None:
        """TooManyRequests if `client` has used up the rule's budget (counting nothing)."""
        if not self.enabled:
            return
        rate, now = self.rates[rule], self.clock()
        start = window_start(now, rate.window_s)
        if repo.hits(session, f"{rule}:{client}", start) >= rate.limit:
            raise refuse(rule, rate, seconds_left(now, start, rate.window_s))

    def count(self, session: Session, rule: Rule, client: str) -> int:
        """Count one request without refusing this one (e.g. a failed sign-in); the hits of
        `client` in the window so far (0 with the limits off)."""
        if not self.enabled:
            return 0
        rate, now = self.rates[rule], self.clock()
        hits = repo.hit(session, f"{rule}:{client}", window_start(now, rate.window_s))
        self._maybe_prune(session, now)
        session.commit()
        return hits

    def forget(self, session: Session, rule: Rule, client: str) -> None:
        if self.enabled:
            repo.forget(session, f"{rule}:{client}")
            session.commit()

    def take_leased(self, rule: Rule, client: str) -> bool:
        """Spend one of the hits this process reserved for `client` (memory only: the search
        hot path); False when a block must be reserved first (reserve). TooManyRequests once
        the budget of the window is used up, across every process."""
        if not self.enabled:
            return True
        rate, now = self.rates[rule], self.clock().timestamp()
        window = int(now) // rate.window_s  # integers: this runs on every search
        taken = self._leases[rule].take(client, window)
        if taken is False:
            raise refuse(rule, rate, max(1, math.ceil((window + 1) * rate.window_s - now)))
        return taken is not None

    def reserve(self, rule: Rule, client: str) -> None:
        """Reserve a block of `client`'s hits from the shared counter, in a short transaction of
        its own, and spend one; TooManyRequests when no hit is left in the window."""
        rate, now = self.rates[rule], self.clock()
        start, block = window_start(now, rate.window_s), block_size(rate)
        try:
            with new_session() as session:
                reserved = repo.hit(session, f"{rule}:{client}", start, by=block)
                self._maybe_prune(session, now)
                session.commit()
        except SQLAlchemyError:  # searches go on: this process counts on its own meanwhile
            log.warning("rate limits: no block could be reserved", exc_info=True)
            reserved = block
        window = int(start.timestamp()) // rate.window_s
        hits = granted(rate, block, reserved)
        if not self._leases[rule].add(client, window, hits, used_up=reserved >= rate.limit):
            raise refuse(rule, rate, seconds_left(now, start, rate.window_s))

    def unlock(self, session: Session, email: str | None, address: str | None) -> int:
        """Clear an e-mail's failed sign-ins and an address's stored counters (support, after
        checking who asks); how many counters were removed. Search budgets end with their
        window (a minute by default): each process remembers a used-up one until then."""
        keys = [f"{Rule.SIGN_IN_ACCOUNT}:{self.email_key(email)}"] if email else []
        if address:
            keys += [f"{rule}:{address}" for rule in Rule if rule is not Rule.SEARCH_IP]
        removed = repo.forget_many(session, keys)
        if email:  # its failures from each address too (or from the one given)
            pairs = f"{Rule.SIGN_IN_PAIR}:{self.pair_key(email, address or '')}"
            removed += repo.forget_prefix(session, pairs)
        elif address:
            removed += repo.forget_suffix(session, f"{Rule.SIGN_IN_PAIR}:", f"|{address}")
        session.commit()
        return removed

    def pair_key(self, email: str, address: str) -> str:
        """The key of one e-mail's failures from one address (an address key, see deps)."""
        return f"{self.email_key(email)}|{address}"

    def email_key(self, email: str) -> str:
        """A stable key for an e-mail that does not reveal it (keyed with the app secret)."""
        normalised = email.strip().lower().encode()
        return "email:" + hmac.new(self.secret, normalised, hashlib.sha256).hexdigest()[:40]

    def _maybe_prune(self, session: Session, now: datetime) -> None:
        # Opportunistic, at most once a minute per process: rows whose window is over.
        if time.monotonic() < self._next_prune:
            return
        self._next_prune = time.monotonic() + PRUNE_EVERY_S
        repo.prune(session, now - timedelta(seconds=self._longest))
