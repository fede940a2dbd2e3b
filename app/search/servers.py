"""The Meilisearch servers Partilha feeds: PARTILHA_MEILI_URLS in order (PARTILHA_MEILI_URL
alone when it is empty), each with a stable short name (host:port) for labels, the delivery
cursors and the CLI. Community Meilisearch has no replication: every server is fed every change
by the outbox (app/search/replicas.py) and searches fail over between them (failover.py)."""

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from app.config import Settings

DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Server:
    name: str
    url: str


def server_name(url: str) -> str:
    """host:port, plus the path of a server behind a path prefix; never the credentials."""
    parts = urlsplit(url)
    port = parts.port or DEFAULT_PORTS.get(parts.scheme, 0)
    return f"{parts.hostname or ''}:{port}{parts.path.rstrip('/')}"


@lru_cache(maxsize=16)
def _servers(urls: tuple[str, ...]) -> tuple[Server, ...]:
    found = tuple(Server(server_name(url), url.rstrip("/")) for url in urls)
    names = [s.name for s in found]
    if len(set(names)) != len(names):
        raise ValueError(f"PARTILHA_MEILI_URLS names a server twice: {', '.join(names)}")
    return found


def servers(settings: Settings) -> tuple[Server, ...]:
    """The configured servers, in the order searches try them."""
    return _servers(tuple(settings.meili_urls) or (settings.meili_url,))


def by_name(settings: Settings, name: str) -> Server | None:
    return next((s for s in servers(settings) if s.name == name), None)
