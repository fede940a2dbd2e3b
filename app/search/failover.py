"""Which server a search asks first, and the next one when it does not answer.

Servers are tried in PARTILHA_MEILI_URLS order, the ones known to be behind (read from the
database at most once every STATE_TTL_S per process, never per search) and the ones that just
failed in this process (for COOLDOWN_S after a connection error, a timeout or a 5xx) moved to
the end: a search fails over within its own request and answers 503 only when every server
failed. With one server configured nothing here runs."""

import logging
import threading
import time

from app.config import Settings
from app.core.instruments import SEARCH_FAILOVERS
from app.db import new_read_session
from app.search.replicas import behind_names
from app.search.servers import Server, servers

log = logging.getLogger("partilha.search")

COOLDOWN_S = 3.0
STATE_TTL_S = 1.0

_down_until: dict[str, float] = {}
_behind: tuple[float, frozenset[str]] = (float("-inf"), frozenset())
_refreshing = threading.Lock()


def _behind_now(settings: Settings, now: float) -> frozenset[str]:
    """The servers behind, as last read; one request a second reads them again (the others
    keep the last answer meanwhile, and keep it when the database does not answer)."""
    global _behind
    read_at, names = _behind
    if now - read_at < STATE_TTL_S or not _refreshing.acquire(blocking=False):
        return names
    try:
        with new_read_session() as session:
            names = behind_names(session, settings)
    except Exception:
        log.warning("could not read which search servers are behind", exc_info=True)
    finally:
        _behind = (now, names)
        _refreshing.release()
    return names


def candidates(settings: Settings) -> tuple[Server, ...]:
    """The servers to try, in order."""
    configured = servers(settings)
    if len(configured) == 1:
        return configured
    now = time.monotonic()
    behind = _behind_now(settings, now)
    first = [s for s in configured if s.name not in behind and _down_until.get(s.name, 0) <= now]
    cooling = [s for s in configured if s.name not in behind and s not in first]
    return (*first, *cooling, *(s for s in configured if s.name in behind))


def failed(server: Server) -> None:
    """`server` did not answer a search: the next ones are asked first for a while."""
    _down_until[server.name] = time.monotonic() + COOLDOWN_S
    SEARCH_FAILOVERS.labels(server.name).inc()


def forget() -> None:
    """Tests: start again with no server cooling down and the states unread."""
    global _behind
    _down_until.clear()
    _behind = (float("-inf"), frozenset())
