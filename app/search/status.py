"""The outbox backlog and each Meilisearch server's standing, for /healthz, /readyz and
/metrics (registered with app.core at assembly)."""

from dataclasses import asdict, dataclass
from typing import Any

from sqlmodel import Session

from app.config import Settings, get_settings
from app.core.metrics import Backlog, Gauge, Sample
from app.db import new_read_session, utcnow
from app.search import replicas
from app.search import repository as repo
from app.search.client import is_healthy
from app.search.models import ServerState
from app.search.servers import servers
from app.search.specs import followed_types


def _backlog(session: Session) -> tuple[int, float | None]:
    pending, oldest = repo.backlog(session, followed_types())
    return pending, (utcnow() - oldest).total_seconds() if oldest is not None else None


def outbox_backlog(session: Session) -> dict[str, Any]:
    """Events the search index has not followed yet, and how old the oldest one is."""
    pending, age = _backlog(session)
    return {"pending": pending, "oldest_age_s": round(age, 1) if age is not None else None}


OUTBOX = Backlog.of(
    "outbox", "partilha_outbox_pending_events", "Outbox events not yet in the search index"
)
OUTBOX_GAUGES = OUTBOX.gauges


def outbox_samples(session: Session) -> list[Sample]:
    """The backlog as /metrics exposes it (registered at assembly)."""
    pending, oldest = repo.backlog(session, followed_types())
    return OUTBOX.samples(pending, oldest)  # not rounded: a scrape right after a change sees it


# --- the servers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerReport:
    name: str
    up: bool
    state: str  # in_sync | behind
    lag_events: int  # events it still has to be fed (a server to fill whole: the frontier)
    delivered_through: int


def server_reports(session: Session, settings: Settings) -> list[ServerReport]:
    """Each configured server: whether it answers, whether it is in sync, how far behind."""
    types = followed_types()
    through = repo.frontier(session, types)
    reports = []
    for standing in replicas.standings(session, settings):
        cursor = standing.cursor
        delivered = through if standing.state == ServerState.in_sync else 0
        lag = 0
        if standing.state == ServerState.behind:
            delivered = cursor.delivered_through if cursor else 0
            if cursor is None or cursor.replay_at is None:
                lag = max(through - delivered, 0)
            else:
                lag = repo.replay_count(session, types, cursor.replay_at, cursor.replay_id)
        up = is_healthy(settings, standing.server)
        reports.append(ServerReport(standing.server.name, up, standing.state, lag, delivered))
    return reports


def search_ready() -> bool:
    """/readyz: an in-sync server answers (any server, when the database cannot say which)."""
    settings = get_settings()
    configured = servers(settings)
    if len(configured) == 1:
        return is_healthy(settings)
    try:
        with new_read_session() as session:
            behind = replicas.behind_names(session, settings)
    except Exception:
        behind = frozenset()
    return any(is_healthy(settings, s) for s in configured if s.name not in behind)


def search_health() -> tuple[str, object]:
    """/healthz: each server; ok while every one answers and is in sync, degraded while an
    in-sync one still answers, else unavailable."""
    settings = get_settings()
    try:
        with new_read_session() as session:
            reports = server_reports(session, settings)
    except Exception:  # the database is down: what /health says, without the states
        reports = [
            ServerReport(s.name, is_healthy(settings, s), "unknown", 0, 0)
            for s in servers(settings)
        ]
    serving = any(r.up and r.state != ServerState.behind for r in reports)
    whole = all(r.up and r.state == ServerState.in_sync for r in reports)
    status = "ok" if whole else "degraded" if serving else "unavailable"
    return status, {"status": status, "servers": [asdict(r) for r in reports]}


SERVER_UP = Gauge("partilha_search_server_up", "1 when the Meilisearch server answers", ("server",))
SERVER_IN_SYNC = Gauge(
    "partilha_search_server_in_sync",
    "1 when the server has every processed outbox event, 0 while it is behind",
    ("server",),
)
SERVER_LAG = Gauge(
    "partilha_search_server_lag_events",
    "Outbox events the server still has to be fed (0 when in sync)",
    ("server",),
)
SERVER_GAUGES = (SERVER_UP, SERVER_IN_SYNC, SERVER_LAG)


def server_samples(session: Session) -> list[Sample]:
    out = []
    for r in server_reports(session, get_settings()):
        label = (r.name,)
        out += [
            Sample(SERVER_UP, float(r.up), label),
            Sample(SERVER_IN_SYNC, float(r.state == ServerState.in_sync), label),
            Sample(SERVER_LAG, float(r.lag_events), label),
        ]
    return out
