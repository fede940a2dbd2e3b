"""Practices API: thin routes over app.practices.service."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from app.accounts.deps import CurrentUser, OptionalUser
from app.accounts.limits import SUBMISSION_LIMIT
from app.curation.creation import IdempotencyKey
from app.curation.models import WithdrawCreate
from app.db import DbId, SessionDep
from app.practices import batch, service
from app.practices.models import (
    BatchResult,
    LifecycleStatus,
    PracticeCreate,
    PracticeList,
    PracticePublic,
    PracticeUpdate,
)

router = APIRouter(prefix="/api/v1/practices", tags=["practices"])


@router.post("", response_model=PracticePublic, status_code=201, dependencies=[SUBMISSION_LIMIT])
def create_practice(
    session: SessionDep,
    user: CurrentUser,
    body: PracticeCreate,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> PracticePublic:
    practice, replayed = service.create_practice(session, user, body, idempotency_key)
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    response.headers["Location"] = f"/api/v1/practices/{practice.id}"
    return service.present(session, user, practice)


@router.post(
    batch.BATCH_PATH.removeprefix("/api/v1/practices"),
    response_model=BatchResult,
    dependencies=[SUBMISSION_LIMIT],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                batch.MEDIA_TYPE: {
                    "schema": {
                        "type": "string",
                        "description": "One practice per line, "
                        "as in POST /api/v1/practices, plus `external_id`",
                    }
                }
            },
        }
    },
)
async def submit_batch(request: Request, session: SessionDep, user: CurrentUser) -> BatchResult:
    """Up to 1,000 practices as NDJSON (20 MB): each line is validated on its own, valid ones
    are created and submitted to curation; a result per line (created, duplicate or invalid).
    Re-sending a line with a known `external_id` answers duplicate with the same practice id."""
    batch.check_media_type(request.headers.get("content-type"))
    body = await request.body()
    return await run_in_threadpool(service.submit_batch, session, user, body)


@router.get("", response_model=PracticeList)
def list_practices(
    session: SessionDep,
    user: OptionalUser,
    mine: Annotated[bool, Query(description="Every practice of my organisation")] = False,
    status: LifecycleStatus | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
) -> PracticeList:
    return service.list_practices(session, user, mine, status, per_page, (page - 1) * per_page)


@router.get("/{practice_id}", response_model=PracticePublic)
def get_practice(session: SessionDep, user: OptionalUser, practice_id: DbId) -> PracticePublic:
    return service.get_practice(session, user, practice_id)


@router.patch("/{practice_id}", response_model=PracticePublic)
def update_practice(
    session: SessionDep, user: CurrentUser, practice_id: DbId, body: PracticeUpdate
) -> PracticePublic:
    return service.update_practice(session, user, practice_id, body)


@router.post(
    "/{practice_id}/submit", response_model=PracticePublic, dependencies=[SUBMISSION_LIMIT]
)
def submit_practice(session: SessionDep, user: CurrentUser, practice_id: DbId) -> PracticePublic:
    return service.submit_practice(session, user, practice_id)


@router.post("/{practice_id}/withdraw", response_model=PracticePublic)
def withdraw_practice(
    session: SessionDep, user: CurrentUser, practice_id: DbId, body: WithdrawCreate | None = None
) -> PracticePublic:
    return service.withdraw_practice(session, user, practice_id, body or WithdrawCreate())
