"""Writes to Meilisearch: indexes with their settings, document upserts and deletes with every
task awaited and checked, full loads, swaps and the id/hash listing used by reconcile."""

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import meilisearch
from meilisearch.models.task import TaskInfo
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.search import transport
from app.search.client import TASK_TIMEOUT_MS, TaskFailed, index_exists, raw, wait
from app.search.documents import Document
from app.search.specs import IndexSpec

# (Meilisearch URL, index uid) whose settings this process already applied.
_ensured: set[tuple[str, str]] = set()
_ensured_lock = threading.Lock()


def forget_ensured() -> None:
    """After an outage Meilisearch may have lost its data: check the indexes again."""
    with _ensured_lock:
        _ensured.clear()


def _key(client: meilisearch.Client, uid: str) -> tuple[str, str]:
    return (client.config.url, uid)


def create_index(client: meilisearch.Client, uid: str, spec: IndexSpec) -> bool:
    """Create the index (settings first, while it is empty); False if it already existed."""
    if index_exists(client, uid):
        return False
    try:
        wait(client, client.create_index(uid, {"primaryKey": spec.primary_key}))
    except TaskFailed as exc:
        if exc.code != "index_already_exists":  # another process won the race
            raise
        return False
    wait(client, client.index(uid).update_settings(spec.settings()))
    return True


def apply_settings(client: meilisearch.Client, uid: str, spec: IndexSpec) -> None:
    """Idempotent: identical settings cost a few ms; changed ones re-index in Meilisearch."""
    wait(client, client.index(uid).update_settings(spec.settings()))
    with _ensured_lock:
        _ensured.add(_key(client, uid))


def ensure_index(client: meilisearch.Client, uid: str, spec: IndexSpec) -> bool:
    """Apply current settings to an existing index (once per process); False if it does not
    exist, in which case the caller fills a new one with `fill_new`."""
    with _ensured_lock:
        if _key(client, uid) in _ensured:
            return True
    if not index_exists(client, uid):
        return False
    apply_settings(client, uid, spec)
    return True


def send(client: meilisearch.Client, uid: str, spec: IndexSpec, docs: list[Document]) -> TaskInfo:
    """Enqueue documents (add or replace) through the kept-alive pool, written by orjson: the
    official client's stdlib JSON and requests cost more than building a full load's batch."""
    config = client.config
    answer = transport.post(
        config.url,
        config.api_key,
        float(config.timeout or 30),
        f"indexes/{uid}/documents?primaryKey={spec.primary_key}",
        docs,
    )
    return TaskInfo(**answer)


def upsert(
    client: meilisearch.Client, uid: str, spec: IndexSpec, docs: list[Document]
) -> dict[int, str]:
    """Send documents; on a failed task, bisect until the rejected documents stand alone.

    Returns {document id: error} for the documents Meilisearch refused."""
    if not docs:
        return {}
    try:
        wait(client, send(client, uid, spec, docs))
        return {}
    except TaskFailed as exc:
        if len(docs) == 1:
            return {int(docs[0][spec.primary_key]): str(exc)}
    middle = len(docs) // 2
    return {**upsert(client, uid, spec, docs[:middle]), **upsert(client, uid, spec, docs[middle:])}


def delete(client: meilisearch.Client, uid: str, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    try:
        wait(client, client.index(uid).delete_documents([str(i) for i in ids]))
    except TaskFailed as exc:
        return dict.fromkeys(ids, str(exc))
    return {}


def apply_changes(
    client: meilisearch.Client,
    uid: str,
    spec: IndexSpec,
    docs: dict[int, Document],
    deletes: list[int],
) -> dict[int, str]:
    """Upsert and delete; returns the failures by document id."""
    failures = delete(client, uid, deletes)
    failures.update(upsert(client, uid, spec, list(docs.values())))
    return failures


def enqueue_changes(
    client: meilisearch.Client,
    uid: str,
    spec: IndexSpec,
    docs: dict[int, Document],
    deletes: list[int],
) -> list[tuple[TaskInfo, list[int]]]:
    """`apply_changes` without waiting: each task enqueued, with the documents it carries (a
    pipelined pass confirms them later, app/search/pipeline.py)."""
    tasks: list[tuple[TaskInfo, list[int]]] = []
    if deletes:
        tasks.append((client.index(uid).delete_documents([str(i) for i in deletes]), deletes))
    if docs:
        tasks.append((send(client, uid, spec, list(docs.values())), list(docs)))
    return tasks


def document_batches(engine: Engine, spec: IndexSpec, batch: int) -> Iterator[dict[int, Document]]:
    """Every document the database says the index should hold, `batch` ids at a time, each
    batch read in its own short session."""
    after = 0
    while True:
        with Session(engine) as session:
            ids = spec.all_ids(session, after, batch)
            docs, _ = spec.build(session, ids)
        if not ids:
            return
        after = ids[-1]
        yield docs


@dataclass
class LoadResult:
    loaded: int = 0
    rejected: dict[int, str] = field(default_factory=dict)


def load_all(
    client: meilisearch.Client,
    uid: str,
    spec: IndexSpec,
    engine: Engine,
    batch: int = 2000,
    heartbeat: Callable[[], None] | None = None,
) -> LoadResult:
    """Every document the database says should exist, in batches. Tasks are enqueued while the
    next batch is built (Meilisearch batches them); each is then awaited and checked."""
    result = LoadResult()
    pending: list[tuple[TaskInfo, list[Document]]] = []
    for docs in document_batches(engine, spec, batch):
        batch_docs = list(docs.values())
        if batch_docs:
            pending.append((send(client, uid, spec, batch_docs), batch_docs))
        if heartbeat:
            heartbeat()
    for info, batch_docs in pending:
        try:
            # Meilisearch may index every pending batch as one: the first wait can take the
            # time of them all on a busy machine.
            wait(client, info, TASK_TIMEOUT_MS * len(pending))
        except TaskFailed:
            result.rejected.update(upsert(client, uid, spec, batch_docs))
        result.loaded += len(batch_docs)
    result.loaded -= len(result.rejected)
    return result


def swap(client: meilisearch.Client, live: str, other: str) -> None:
    wait(client, client.swap_indexes([{"indexes": [live, other]}]))


def build_fresh(
    client: meilisearch.Client,
    uid: str,
    spec: IndexSpec,
    engine: Engine,
    heartbeat: Callable[[], None] | None = None,
) -> tuple[str, LoadResult]:
    """A new index beside the live one: settings while empty, then every document."""
    fresh = f"{uid}_rebuild"
    drop(client, fresh)
    create_index(client, fresh, spec)
    return fresh, load_all(client, fresh, spec, engine, heartbeat=heartbeat)


def put_in_place(client: meilisearch.Client, uid: str, fresh: str, spec: IndexSpec) -> None:
    """Atomically replace (or create, by renaming) the live index: searches see either the
    old index or the complete new one, never a half-filled one."""
    if index_exists(client, uid):
        swap(client, uid, fresh)
        # `fresh` now holds the old documents: nothing waits on their deletion (a reindex
        # that finds it still there drops it first).
        client.delete_index(fresh)
    else:
        wait(client, client.swap_indexes([{"indexes": [fresh, uid], "rename": True}]))
    # The settings went in while `fresh` was empty: nothing to send again.
    with _ensured_lock:
        _ensured.discard(_key(client, fresh))
        _ensured.add(_key(client, uid))


def fill_new(
    client: meilisearch.Client,
    uid: str,
    spec: IndexSpec,
    engine: Engine,
    heartbeat: Callable[[], None] | None = None,
) -> LoadResult:
    """A missing index, built aside from the database and then put in place."""
    fresh, result = build_fresh(client, uid, spec, engine, heartbeat)
    put_in_place(client, uid, fresh, spec)
    return result


def drop(client: meilisearch.Client, uid: str) -> None:
    with _ensured_lock:
        _ensured.discard(_key(client, uid))
    if index_exists(client, uid):
        try:
            wait(client, client.delete_index(uid))
        except TaskFailed as exc:
            if exc.code != "index_not_found":  # an earlier deletion (put_in_place) came first
                raise


def hashes(
    client: meilisearch.Client, uid: str, spec: IndexSpec, page: int = 1000
) -> dict[int, str]:
    """{document id: content hash} of everything in the index."""
    found: dict[int, str] = {}
    offset = 0
    while True:
        result = client.index(uid).get_documents(
            {"fields": [spec.primary_key, "hash"], "limit": page, "offset": offset}
        )
        for doc in result.results:
            values = raw(doc)
            found[int(values[spec.primary_key])] = str(values.get("hash", ""))
        offset += page
        if offset >= result.total:
            return found
