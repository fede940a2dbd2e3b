"""Liveness and readiness probes.

The core knows no search index nor outbox: the layers above register what /readyz checks and
reports (app/assembly.py), and the probe only runs what it was told."""

from collections.abc import Callable

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlmodel import Session

from app.db import SessionDep

# True when the service it checks answers; a check must not raise.
ReadinessCheck = Callable[[], bool]
# A JSON-ready value added to the body, read only when the database answered.
ReadinessDetail = Callable[[Session], object]

# A part of /healthz: its status ("ok", "degraded" or "unavailable") and a JSON-ready detail.
HealthReport = Callable[[], tuple[str, object]]

_checks: dict[str, ReadinessCheck] = {}
_details: dict[str, ReadinessDetail] = {}
_reports: dict[str, HealthReport] = {}
_RANK = {"ok": 0, "degraded": 1, "unavailable": 2}

router = APIRouter(tags=["health"])


def register_check(name: str, check: ReadinessCheck) -> None:
    """/readyz answers 503 while `check()` is False; `checks[name]` says which one failed."""
    _checks[name] = check


def register_detail(name: str, read: ReadinessDetail) -> None:
    """/readyz reports `read(session)` under `name` whenever the database answers."""
    _details[name] = read


def register_report(name: str, report: HealthReport) -> None:
    """/healthz adds `report()`'s detail under `name`; its status is the worst of them."""
    _reports[name] = report


@router.get("/healthz")
def healthz() -> dict[str, object]:
    """Liveness: always 200 while the process answers; the body says how its services are
    (readiness, which may answer 503, is /readyz)."""
    body: dict[str, object] = {"status": "ok"}
    for name, report in _reports.items():
        status, detail = report()
        body[name] = detail
        if _RANK.get(status, 2) > _RANK[str(body["status"])]:
            body["status"] = status
    return body


@router.get("/readyz")
def readyz(session: SessionDep) -> JSONResponse:
    checks = {"database": "ok"}
    try:
        session.execute(text("SELECT 1"))
    except Exception:
        checks["database"] = "unavailable"
    for name, check in _checks.items():
        checks[name] = "ok" if check() else "unavailable"
    ready = all(v == "ok" for v in checks.values())
    body: dict[str, object] = {"status": "ready" if ready else "degraded", "checks": checks}
    if checks["database"] == "ok":
        for name, read in _details.items():
            body[name] = read(session)
    return JSONResponse(body, status_code=200 if ready else 503)
