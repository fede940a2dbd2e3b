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

_checks: dict[str, ReadinessCheck] = {}
_details: dict[str, ReadinessDetail] = {}

router = APIRouter(tags=["health"])


def register_check(name: str, check: ReadinessCheck) -> None:
    """/readyz answers 503 while `check()` is False; `checks[name]` says which one failed."""
    _checks[name] = check


def register_detail(name: str, read: ReadinessDetail) -> None:
    """/readyz reports `read(session)` under `name` whenever the database answers."""
    _details[name] = read


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


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
