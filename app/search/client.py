"""The one place that builds Meilisearch clients and translates their errors
(see ../shared/MEILISEARCH.md for the traps this module exists to avoid)."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import meilisearch
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchError,
    MeilisearchTimeoutError,
)
from meilisearch.models.task import Task, TaskInfo

from app.config import Settings, get_settings
from app.core.instruments import MEILISEARCH_ERRORS
from app.errors import ServiceUnavailable
from app.search import failover, streams, transport
from app.search.servers import Server, servers

TASK_TIMEOUT_MS = 120_000
IDENTITY = {"Accept-Encoding": "identity"}
TASK_POLL_MS = 10  # the first poll; then 1.5x each time, up to TASK_POLL_MAX_MS
TASK_POLL_MAX_MS = 100
HEALTH_TIMEOUT_S = 2.0  # a Meilisearch that answers at all answers /health in milliseconds


class SearchUnavailable(Exception):
    """Meilisearch cannot be reached, timed out, or answered with a server error."""


class TaskFailed(Exception):
    """A Meilisearch task finished with status failed/canceled; message carries its error."""

    def __init__(self, task: Task):
        error = task.error or {}
        super().__init__(f"{error.get('code', task.status)}: {error.get('message', '')}".strip())
        self.task = task
        self.code = error.get("code")


def make_client(
    settings: Settings | None = None, server: Server | None = None, timeout_s: float | None = None
) -> meilisearch.Client:
    """A fresh client per use: Index objects and their headers are not safe across threads.
    `server`: one of the configured servers (default: the first); `timeout_s`: shorter than
    the configured one where waiting is worse than a wrong "down" (health probes)."""
    settings = settings or get_settings()
    url = (server or servers(settings)[0]).url
    # Always a timeout: the client's default waits forever. (requests takes float seconds;
    # the client's annotation says int.)
    timeout: int = timeout_s or settings.meili_timeout_s  # type: ignore[assignment]
    # Identity: Meilisearch would otherwise gzip every answer (CPU on both sides, per request).
    return meilisearch.Client(url, settings.meili_key, timeout=timeout, custom_headers=IDENTITY)


def count_error(operation: str, exc: BaseException) -> None:
    """partilha_meilisearch_errors_total{operation}: every failed client call is counted here."""
    if isinstance(exc, MeilisearchError | OSError):
        MEILISEARCH_ERRORS.labels(operation).inc()


def search(settings: Settings, uid: str, q: str, options: dict[str, Any]) -> dict[str, Any]:
    """POST /indexes/{uid}/search on kept-alive connections (app/search/transport.py), to the
    first server that answers (app/search/failover.py); its errors are the official client's,
    so translated() and for_api() treat them as any other."""
    body, path = {"q": q, **options}, f"indexes/{uid}/search"
    tried = failover.candidates(settings)
    for server in tried[:-1]:  # none with one server configured
        try:
            return transport.post(server.url, settings.meili_key, _timeout(settings), path, body)
        except MeilisearchError as exc:
            _failed_over(server, exc)
    return transport.post(tried[-1].url, settings.meili_key, _timeout(settings), path, body)


async def search_async(
    settings: Settings, uid: str, q: str, options: dict[str, Any]
) -> dict[str, Any]:
    """`search` on the event loop (app/search/streams.py): the API's search routes."""
    body, path = {"q": q, **options}, f"indexes/{uid}/search"
    key, timeout = settings.meili_key, _timeout(settings)
    tried = failover.candidates(settings)
    for server in tried[:-1]:
        try:
            return await streams.post(server.url, key, timeout, path, body)
        except MeilisearchError as exc:
            _failed_over(server, exc)
    return await streams.post(tried[-1].url, key, timeout, path, body)


def task_status(settings: Settings, server: Server, task_uid: int) -> dict[str, Any]:
    """A task as Meilisearch reports it (status, error): kept-alive, no client built."""
    return transport.get(server.url, settings.meili_key, _timeout(settings), f"tasks/{task_uid}")


def _timeout(settings: Settings) -> float:
    return float(settings.meili_timeout_s)


def _failed_over(server: Server, exc: MeilisearchError) -> None:
    if not is_outage(exc):
        raise exc
    failover.failed(server)


def is_healthy(settings: Settings | None = None, server: Server | None = None) -> bool:
    """Whether `server` (default: the first) answers /health, within HEALTH_TIMEOUT_S: a hung
    server must not hold /healthz, /readyz or the worker's pass for the whole search timeout."""
    settings = settings or get_settings()
    timeout = min(settings.meili_timeout_s, HEALTH_TIMEOUT_S)
    url = (server or servers(settings)[0]).url
    try:
        return transport.get(url, None, timeout, "health").get("status") == "available"
    except (MeilisearchError, OSError) as exc:
        count_error("health", exc)
        return False


def is_outage(exc: BaseException) -> bool:
    """Errors that mean "the search service is not there", as opposed to a rejected request."""
    if isinstance(exc, MeilisearchCommunicationError | MeilisearchTimeoutError | OSError):
        return True
    if isinstance(exc, MeilisearchApiError):
        return exc.status_code >= 500 or exc.code == "index_not_found"
    return False


@contextmanager
def translated(operation: str) -> Iterator[None]:
    """Turn client failures into SearchUnavailable (outages) or let real bugs surface;
    `operation` names the call in the errors metric."""
    try:
        yield
    except MeilisearchError as exc:
        count_error(operation, exc)
        if is_outage(exc):
            raise SearchUnavailable(str(exc)) from exc
        raise
    except OSError as exc:
        count_error(operation, exc)
        raise SearchUnavailable(str(exc)) from exc


@contextmanager
def for_api(operation: str) -> Iterator[None]:
    """The API boundary: an outage becomes a 503 problem with a clear message."""
    try:
        with translated(operation):
            yield
    except SearchUnavailable as exc:
        raise ServiceUnavailable(
            "search is temporarily unavailable; the practices are safe and will be "
            "searchable again shortly",
        ) from exc


def wait(client: meilisearch.Client, info: TaskInfo, timeout_ms: int = TASK_TIMEOUT_MS) -> Task:
    """Wait for a task and raise TaskFailed unless it succeeded (wait_for_task never does).
    Polls quickly at first, then backs off: a task that takes a while under load is not asked
    about a hundred times a second (each poll is a new connection on both sides)."""
    deadline = time.monotonic() + timeout_ms / 1000
    interval = TASK_POLL_MS / 1000
    while (task := client.get_task(info.task_uid)).status in ("enqueued", "processing"):
        if time.monotonic() >= deadline:
            raise MeilisearchTimeoutError(
                f"task {info.task_uid} still {task.status} after {timeout_ms} ms"
            )
        time.sleep(interval)
        interval = min(interval * 1.5, TASK_POLL_MAX_MS / 1000)
    if task.status != "succeeded":
        raise TaskFailed(task)
    return task


def index_exists(client: meilisearch.Client, uid: str) -> bool:
    try:
        client.get_raw_index(uid)
    except MeilisearchApiError as exc:
        if exc.code == "index_not_found":
            return False
        raise
    return True


def raw(obj: Any) -> dict[str, Any]:
    """A client Document as a plain dict."""
    return dict(obj) if isinstance(obj, dict) else dict(obj.__dict__)
