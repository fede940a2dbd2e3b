"""Where an approval's way to being searchable goes under bench/load.py's mixed load, phase by
phase, from three clocks on this one machine: the outbox row the approval wrote (created in
the approving transaction, marked when the worker saw its task succeed), the Meilisearch task
that carried the document (enqueued, started, finished: its own figures) and the watcher that
polled for the document. Nothing here runs when the file is executed on its own."""

import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

PHASES = {
    "pickup_ms": "approval's commit -> the worker sends the document (its pass start, build)",
    "meili_queue_ms": "task enqueued -> Meilisearch starts it (behind other tasks)",
    "meili_task_ms": "Meilisearch's own processing of the task (startedAt -> finishedAt)",
    "seen_ms": "task finished -> the watcher's next poll finds the document (20 ms polls)",
    "worker_mark_ms": "task finished -> the worker's wait sees it and marks the event",
}
_FRACTION = re.compile(r"(\.\d{6})\d*")


@dataclass
class Watched:
    """One approval of the mixed run, in wall-clock seconds."""

    practice_id: int
    approved_at: float  # the decision's answer arrived
    found_at: float  # the watcher found the document in Meilisearch


def _when(stamp: str) -> float:
    """Meilisearch's RFC 3339 time (nanoseconds) as epoch seconds."""
    return datetime.fromisoformat(_FRACTION.sub(r"\1", stamp.replace("Z", "+00:00"))).timestamp()


def _tasks(meili_url: str, key: str, uid: str, since: float) -> list[dict[str, float]]:
    """Every document-addition task of the index enqueued since `since`, oldest first."""
    auth = {"Authorization": f"Bearer {key}", "Accept-Encoding": "identity"}
    after = datetime.fromtimestamp(since).astimezone().isoformat()
    params: dict[str, Any] = {
        "indexUids": uid,
        "types": "documentAdditionOrUpdate",
        "statuses": "succeeded",
        "afterEnqueuedAt": after,
        "limit": 1000,
    }
    found = []
    while True:
        page = httpx.get(f"{meili_url}/tasks", params=params, headers=auth, timeout=30).json()
        found += [
            {k: _when(t[f"{k}At"]) for k in ("enqueued", "started", "finished")}
            for t in page["results"]
        ]
        if page.get("next") is None:
            return sorted(found, key=lambda t: t["enqueued"])
        params["from"] = page["next"]


def _events(practice_ids: list[int]) -> dict[int, list[tuple[float, float | None]]]:
    """(created, processed) of each practice's outbox events, in wall-clock seconds."""
    from sqlmodel import Session, col, select

    from app.db import get_engine
    from app.outbox.models import EntityType, OutboxEvent

    query = select(OutboxEvent).where(
        OutboxEvent.entity_type == EntityType.practice,
        col(OutboxEvent.entity_id).in_(practice_ids),
    )
    out: dict[int, list[tuple[float, float | None]]] = {}
    with Session(get_engine()) as session:
        for event in session.exec(query):
            done = event.processed_at.timestamp() if event.processed_at else None
            out.setdefault(event.entity_id, []).append((event.created_at.timestamp(), done))
    return out


def _one(w: Watched, events: list[tuple[float, float | None]], tasks: list[dict[str, float]]):
    """The phases of one approval, or None when its event or its task cannot be told."""
    approving = [e for e in events if e[0] <= w.approved_at + 0.001]
    if not approving:
        return None
    created, marked = max(approving)
    until = marked if marked is not None else w.found_at
    # The carrier: the last task sent after the commit that finished before the worker marked
    # the event (a later one is only sent after that mark).
    carriers = [t for t in tasks if t["enqueued"] >= created and t["finished"] <= until + 0.001]
    if not carriers:
        return None
    t = carriers[-1]
    phases = {
        "pickup_ms": t["enqueued"] - created,
        "meili_queue_ms": t["started"] - t["enqueued"],
        "meili_task_ms": t["finished"] - t["started"],
        "seen_ms": w.found_at - t["finished"],
    }
    if marked is not None:
        phases["worker_mark_ms"] = marked - t["finished"]
    return {k: v * 1000 for k, v in phases.items()}


def breakdown(watched: list[Watched], meili_url: str, key: str, uid: str) -> dict[str, Any]:
    """p50/p95 of each phase over the approvals that could be matched to their task."""
    found = [w for w in watched if math.isfinite(w.found_at)]
    if not found:
        return {}
    tasks = _tasks(meili_url, key, uid, min(w.approved_at for w in found) - 60)
    events = _events([w.practice_id for w in found])
    rows = [p for w in found if (p := _one(w, events.get(w.practice_id, []), tasks))]
    out: dict[str, Any] = {"matched": len(rows), "of": len(found)}
    for phase in PHASES:
        values = sorted(r[phase] for r in rows if phase in r)
        if values:
            out[phase] = {
                "p50": round(values[len(values) // 2], 1),
                "p95": round(values[min(len(values) - 1, round(0.95 * (len(values) - 1)))], 1),
            }
    return out


def print_breakdown(phases: dict[str, Any]) -> None:
    if not phases:
        return
    print(
        f"\napproval -> searchable under the mixed load, by phase ({phases['matched']} of "
        f"{phases['of']} approvals matched to the Meilisearch task that carried them), ms:"
    )
    for phase, meaning in PHASES.items():
        if phase in phases:
            p = phases[phase]
            print(f"  {phase:<16} p50 {p['p50']:>8.1f}  p95 {p['p95']:>8.1f}   {meaning}")
