"""The one place that builds Meilisearch clients (see ../shared/MEILISEARCH.md for why per call)."""

import meilisearch
from meilisearch.errors import MeilisearchError

from app.config import Settings, get_settings


def make_client(settings: Settings | None = None) -> meilisearch.Client:
    settings = settings or get_settings()
    # Always a timeout: the client's default waits forever.
    return meilisearch.Client(settings.meili_url, settings.meili_key, timeout=settings.meili_timeout_s)


def is_healthy(settings: Settings | None = None) -> bool:
    try:
        return bool(make_client(settings).is_healthy())
    except (MeilisearchError, OSError):
        return False
