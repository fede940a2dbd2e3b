"""Policy registry API: thin routes over app.policies.service."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.accounts.deps import CuratorUser
from app.core.paging import WindowDep
from app.curation.models import WithdrawCreate
from app.curation.routes import ItemUseCases, item_routes
from app.db import DbId, SessionDep
from app.policies import service
from app.policies.kind import POLICY
from app.policies.models import PolicyCreate, PolicyPublic, PolicyUpdate, VerificationDue
from app.policies.search import PolicyPage, PolicyQuery, search_policies
from app.ratelimits.deps import SEARCH_LIMIT

router = APIRouter(prefix="/api/v1/policies", tags=["policies"])


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


@router.post("/{policy_id}/verify", response_model=PolicyPublic)
def verify_policy(
    session: SessionDep, user: CuratorUser, policy_id: DbId, body: WithdrawCreate | None = None
) -> PolicyPublic:
    return service.verify_policy(session, user, policy_id, body.reason if body else None)


# Create, read, edit, submit and withdraw: the same routes as every curated kind's, after the
# fixed /verification-due so that path is not read as an id.
item_routes(
    router,
    POLICY,
    ItemUseCases(
        service.propose_policy,
        service.present,
        service.get_policy,
        service.update_policy,
        service.submit_policy,
        service.withdraw_policy,
    ),
    (PolicyCreate, PolicyUpdate, PolicyPublic),
)
