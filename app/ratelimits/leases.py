"""The search budget, shared by every app process yet spent without the database on most searches.

A process reserves a block of a client's hits from the shared counter (rate_limit_bucket, the
same aligned windows as the other limits) in one short write transaction of its own, spends it
in memory, and reserves again once it is spent. Each reservation adds a whole block to the
counter and is granted only the part of that block still within the limit, so all processes
together never allow more than the limit. Once the counter has reached it, the process refuses
the client until the window ends without asking the database again. The price of the blocks: hits
another process reserved and did not spend are lost to the client (at most a block per other
process), and the counter shows hits reserved, not searches made."""

import threading

from app.ratelimits.rules import Rate

BLOCK_SHARE = 20  # a block is a twentieth of the limit: 6 of the default 120 searches a minute
BLOCK_MAX = 50  # a large budget still costs one write per 50 searches, and loses few hits


def block_size(rate: Rate) -> int:
    """How many hits one reservation asks for."""
    return max(1, min(rate.limit // BLOCK_SHARE, BLOCK_MAX))


def granted(rate: Rate, block: int, reserved: int) -> int:
    """The hits a reservation of `block` gets, `reserved` being the counter after adding it."""
    return min(block, max(0, rate.limit - (reserved - block)))


class Leases:
    """The hits this process holds per client in the current window of one rule (thread-safe).

    A new window drops every client at once, so memory holds one window's clients at most."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._window = -1
        self._left: dict[str, int] = {}
        self._used_up: set[str] = set()  # the shared counter said so: no more reservations

    def take(self, key: str, window: int) -> bool | None:
        """Spend one hit of `key` in window number `window` (seconds since the epoch // size):
        True when spent, False when the window's budget is used up, None when this process
        must reserve a block first."""
        with self._lock:
            if window > self._window:
                self._turn(window)
            elif window < self._window:  # a thread that read the clock just before the turn
                return True
            left = self._left.get(key, 0)
            if left:
                self._left[key] = left - 1
                return True
            return False if key in self._used_up else None

    def add(self, key: str, window: int, hits: int, used_up: bool) -> bool:
        """Hold `hits` more of `key`, reserved for `window`, and spend one; False when there is
        none to spend. `used_up`: the shared counter has reached the limit."""
        with self._lock:
            if window > self._window:
                self._turn(window)
            elif window < self._window:  # reserved as the window turned: it counted there
                return hits > 0
            left = self._left.get(key, 0) + hits
            if used_up:
                self._used_up.add(key)
            if not left:
                return False
            self._left[key] = left - 1
            return True

    def _turn(self, window: int) -> None:
        self._window, self._left, self._used_up = window, {}, set()
