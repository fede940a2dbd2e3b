"""Searches on the hot path: one kept-alive urllib3 pool per Meilisearch server and orjson both
ways. The official client goes through requests, whose per-call work (a session merge, proxy
settings read from the environment, a stdlib JSON round trip) cost more CPU than the rest of
the request; writes and maintenance keep using the official client.

Errors are raised as the official client's own exceptions, so `client.translated()` and the
metrics treat a search failure like any other Meilisearch call."""

import threading
from typing import Any

import orjson
import urllib3
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchTimeoutError,
)

CONNECT_S = 1.0
POOL_SIZE = 64  # the threadpool has 40 threads; the rest is headroom, never a wait
# (url, timeout) -> the pool and the URL's own path (a Meilisearch behind a path prefix)
_pools: dict[tuple[str, float], tuple[urllib3.HTTPConnectionPool, str]] = {}
_lock = threading.Lock()


class Answer:
    """What MeilisearchApiError reads of a response (status and text)."""

    def __init__(self, status: int, text: str):
        self.status_code, self.text = status, text


def _pool(url: str, timeout_s: float) -> tuple[urllib3.HTTPConnectionPool, str]:
    key = (url, timeout_s)
    found = _pools.get(key)
    if found is None:
        with _lock:
            found = _pools.get(key)
            if found is None:
                pool = urllib3.connection_from_url(
                    url,
                    maxsize=POOL_SIZE,
                    block=False,
                    # A server that is gone costs a search little before it fails over.
                    timeout=urllib3.Timeout(connect=min(timeout_s, CONNECT_S), read=timeout_s),
                    retries=False,
                )
                found = _pools[key] = (pool, (urllib3.util.parse_url(url).path or "").rstrip("/"))
    return found


def headers(key: str | None) -> dict[str, str]:
    out = {"Content-Type": "application/json", "Accept-Encoding": "identity"}
    if key:
        out["Authorization"] = f"Bearer {key}"
    return out


def post(url: str, key: str | None, timeout_s: float, path: str, body: Any) -> dict[str, Any]:
    """POST `body` as JSON to `url`/`path`; the decoded answer, or the client's exceptions."""
    return _call("POST", url, key, timeout_s, path, orjson.dumps(body))


def get(url: str, key: str | None, timeout_s: float, path: str) -> dict[str, Any]:
    """GET `url`/`path` (a task's status, /health): the worker asks these between passes,
    where the official client's per-call cost competed with the requests for the GIL."""
    return _call("GET", url, key, timeout_s, path, None)


def _call(
    method: str, url: str, key: str | None, timeout_s: float, path: str, body: bytes | None
) -> dict[str, Any]:
    pool, base = _pool(url, timeout_s)
    try:
        response = pool.urlopen(
            method,
            f"{base}/{path}",
            body=body,
            headers=headers(key),
            retries=False,
            preload_content=True,
        )
    except urllib3.exceptions.TimeoutError as exc:
        raise MeilisearchTimeoutError(str(exc)) from exc
    except urllib3.exceptions.HTTPError as exc:
        raise MeilisearchCommunicationError(str(exc)) from exc
    data = response.data
    if response.status >= 400:
        raise MeilisearchApiError(
            f"HTTP {response.status}",
            Answer(response.status, data.decode("utf-8", "replace")),  # type: ignore[arg-type]
        )
    answer: dict[str, Any] = orjson.loads(data)
    return answer
