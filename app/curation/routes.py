"""Curation API: one queue for every kind, claiming and decisions."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.accounts.deps import CuratorUser
from app.curation import service
from app.curation.kinds import POLICY, PRACTICE
from app.curation.models import ClaimCreate, DecisionCreate, EventPublic, QueuePage, SubjectType
from app.db import DbId, SessionDep

router = APIRouter(prefix="/api/v1/curation", tags=["curation"])


@router.get("/queue", response_model=QueuePage)
def queue(
    session: SessionDep,
    _: CuratorUser,
    kind: SubjectType | None = None,
    theme: str | None = None,
    uf: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    template: str | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 50,
) -> QueuePage:
    return service.get_queue(session, kind, theme, uf, template, per_page, (page - 1) * per_page)


@router.post("/practices/{practice_id}/claim", response_model=EventPublic)
def claim_practice(
    session: SessionDep, user: CuratorUser, practice_id: DbId, body: ClaimCreate | None = None
) -> EventPublic:
    return service.claim(session, user, PRACTICE, practice_id, body.revision_id if body else None)


@router.post("/practices/{practice_id}/decisions", response_model=EventPublic, status_code=201)
def decide_practice(
    session: SessionDep, user: CuratorUser, practice_id: DbId, body: DecisionCreate
) -> EventPublic:
    return service.decide(session, user, PRACTICE, practice_id, body)


@router.post("/policies/{policy_id}/claim", response_model=EventPublic)
def claim_policy(
    session: SessionDep, user: CuratorUser, policy_id: DbId, body: ClaimCreate | None = None
) -> EventPublic:
    return service.claim(session, user, POLICY, policy_id, body.revision_id if body else None)


@router.post("/policies/{policy_id}/decisions", response_model=EventPublic, status_code=201)
def decide_policy(
    session: SessionDep, user: CuratorUser, policy_id: DbId, body: DecisionCreate
) -> EventPublic:
    return service.decide(session, user, POLICY, policy_id, body)
