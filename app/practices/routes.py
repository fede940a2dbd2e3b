"""Practices API: thin routes over app.practices.service."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from app.accounts.deps import CurrentUser, OptionalUser
from app.accounts.limits import SUBMISSION_LIMIT, SubmissionBudgetDep
from app.curation.routes import ItemUseCases, item_routes
from app.db import SessionDep
from app.practices import batch, presenting, service
from app.practices.kind import PRACTICE
from app.practices.models import (
    BatchResult,
    LifecycleStatus,
    PracticeCreate,
    PracticeList,
    PracticePublic,
    PracticeUpdate,
)

router = APIRouter(prefix="/api/v1/practices", tags=["practices"])


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
async def submit_batch(
    request: Request, session: SessionDep, user: CurrentUser, budget: SubmissionBudgetDep
) -> BatchResult:
    """Up to 1,000 practices as NDJSON (20 MB): each line is validated on its own, valid ones
    are created and submitted to curation; a result per line (created, duplicate or invalid).
    Re-sending a line with a known `external_id` answers duplicate with the same practice id.
    Each created line counts against the submission limits; lines beyond them get a 429."""
    batch.check_media_type(request.headers.get("content-type"))
    body = await request.body()
    return await run_in_threadpool(service.submit_batch, session, user, body, budget)


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


# Create, read, edit, submit and withdraw: the same routes as every curated kind's.
item_routes(
    router,
    PRACTICE,
    ItemUseCases(
        service.create_practice,
        presenting.present,
        service.get_practice,
        service.update_practice,
        service.submit_practice,
        service.withdraw_practice,
    ),
    (PracticeCreate, PracticeUpdate, PracticePublic),
)
