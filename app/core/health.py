"""Liveness and readiness probes."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from app.db import SessionDep
from app.search.client import is_healthy

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(session: SessionDep) -> JSONResponse:
    checks = {"database": "ok", "meilisearch": "ok"}
    try:
        session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means not ready
        checks["database"] = "unavailable"
    if not is_healthy():
        checks["meilisearch"] = "unavailable"
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse({"status": "ready" if ready else "degraded", "checks": checks},
                        status_code=200 if ready else 503)
