"""Policy registry API: thin routes over app.policies.service."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.accounts.deps import CuratorUser, CurrentUser, OptionalUser
from app.accounts.limits import SUBMISSION_LIMIT
from app.core.paging import WindowDep
from app.curation.creation import IdempotencyKey
from app.curation.models import WithdrawCreate
from app.db import DbId, SessionDep
from app.policies import service
from app.policies.models import PolicyContent, PolicyPublic, PolicyUpdate, VerificationDue
from app.policies.search import PolicyPage, PolicyQuery, search_policies
from app.ratelimits.deps import SEARCH_LIMIT

router = APIRouter(prefix="/api/v1/policies", tags=["policies"])


@router.post("", response_model=PolicyPublic, status_code=201, dependencies=[SUBMISSION_LIMIT])
def propose_policy(
    session: SessionDep,
    user: CurrentUser,
    body: PolicyContent,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> PolicyPublic:
    policy, replayed = service.propose_policy(session, user, body, idempotency_key)
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    response.headers["Location"] = f"/api/v1/policies/{policy.id}"
    return service.present(session, user, policy)


@router.get("", response_model=PolicyPage, dependencies=[SEARCH_LIMIT])
def list_policies(params: Annotated[PolicyQuery, Query()]) -> PolicyPage:
    """Published policies: full text, filters by level, UF, municipality (IBGE), theme, status
    and instrument type (repeat a parameter for OR), facet counts."""
    return search_policies(params)


@router.get("/verification-due", response_model=list[VerificationDue])
def verification_due(
    session: SessionDep, _: CuratorUser, window: WindowDep
) -> list[VerificationDue]:
    return service.verification_due(session, window.limit, window.offset)


@router.get("/{policy_id}", response_model=PolicyPublic)
def get_policy(session: SessionDep, user: OptionalUser, policy_id: DbId) -> PolicyPublic:
    return service.get_policy(session, user, policy_id)


@router.patch("/{policy_id}", response_model=PolicyPublic)
def update_policy(
    session: SessionDep, user: CurrentUser, policy_id: DbId, body: PolicyUpdate
) -> PolicyPublic:
    return service.update_policy(session, user, policy_id, body)


@router.post("/{policy_id}/submit", response_model=PolicyPublic, dependencies=[SUBMISSION_LIMIT])
def submit_policy(session: SessionDep, user: CurrentUser, policy_id: DbId) -> PolicyPublic:
    return service.submit_policy(session, user, policy_id)


@router.post("/{policy_id}/withdraw", response_model=PolicyPublic)
def withdraw_policy(
    session: SessionDep, user: CurrentUser, policy_id: DbId, body: WithdrawCreate | None = None
) -> PolicyPublic:
    return service.withdraw_policy(session, user, policy_id, body.reason if body else None)


@router.post("/{policy_id}/verify", response_model=PolicyPublic)
def verify_policy(
    session: SessionDep, user: CuratorUser, policy_id: DbId, body: WithdrawCreate | None = None
) -> PolicyPublic:
    return service.verify_policy(session, user, policy_id, body.reason if body else None)
