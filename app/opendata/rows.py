"""Helpers of export rows: dicts keyed by the documented column names with JSON-ready values
(ISO dates, lists, objects). CSV, JSON, NDJSON, the bundle, the change feed and webhooks all
print the same dicts, which each domain builds (app/*/export.py)."""

from datetime import UTC, date, datetime
from typing import Any

from app.config import get_settings


def iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return value.isoformat(timespec="microseconds").replace("+00:00", "Z")
    return value.isoformat()


def public_url(path: str) -> str:
    """An absolute link on the public site, e.g. public_url("/praticas/3")."""
    return get_settings().public_base_url.rstrip("/") + path


def published(row: Any) -> dict[str, str | None]:
    """The published_at and updated_at columns of a curated dataset, for a published item's
    query row."""
    return {"published_at": iso(row.published_at), "updated_at": iso(row.updated_at)}
