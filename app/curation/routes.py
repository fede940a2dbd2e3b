"""Curation API: the queue, claiming and decisions."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.accounts.deps import CuratorUser
from app.curation import service
from app.curation.models import ClaimCreate, DecisionCreate, EventPublic, QueuePage
from app.db import SessionDep

router = APIRouter(prefix="/api/v1/curation", tags=["curation"])


@router.get("/queue", response_model=QueuePage)
def queue(
    session: SessionDep,
    _: CuratorUser,
    theme: str | None = None,
    uf: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    template: str | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 50,
) -> QueuePage:
    return service.get_queue(session, theme, uf, template, per_page, (page - 1) * per_page)


@router.post("/practices/{practice_id}/claim", response_model=EventPublic)
def claim(
    session: SessionDep, user: CuratorUser, practice_id: int, body: ClaimCreate | None = None
) -> EventPublic:
    return service.claim(session, user, practice_id, body.revision_id if body else None)


@router.post("/practices/{practice_id}/decisions", response_model=EventPublic, status_code=201)
def decide(
    session: SessionDep, user: CuratorUser, practice_id: int, body: DecisionCreate
) -> EventPublic:
    return service.decide(session, user, practice_id, body)
