"""Liveness and readiness probes."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from app.db import SessionDep
from app.search.client import is_healthy
from app.search.status import outbox_backlog

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(session: SessionDep) -> JSONResponse:
    checks = {"database": "ok", "meilisearch": "ok"}
    try:
        session.execute(text("SELECT 1"))
    except Exception:
        checks["database"] = "unavailable"
    if not is_healthy():
        checks["meilisearch"] = "unavailable"
    ready = all(v == "ok" for v in checks.values())
    body: dict[str, object] = {"status": "ready" if ready else "degraded", "checks": checks}
    if checks["database"] == "ok":
        # Changes waiting to reach the search index (grows while Meilisearch is down).
        body["outbox"] = outbox_backlog(session)
    return JSONResponse(body, status_code=200 if ready else 503)
