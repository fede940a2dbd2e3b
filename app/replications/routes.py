"""Replications API: thin routes over app.replications.service."""

from fastapi import APIRouter

from app.accounts.deps import CurrentUser, OptionalUser
from app.core.paging import WindowDep
from app.curation.routes import ItemUseCases, item_routes
from app.db import DbId, SessionDep
from app.replications import service
from app.replications.kind import REPLICATION
from app.replications.models import (
    ReplicationCreate,
    ReplicationList,
    ReplicationPublic,
    ReplicationUpdate,
)

router = APIRouter(prefix="/api/v1/replications", tags=["replications"])
of_practice = APIRouter(prefix="/api/v1/practices", tags=["replications"])


@of_practice.get("/{practice_id}/replications", response_model=ReplicationList)
def replications_of_practice(
    session: SessionDep, user: OptionalUser, practice_id: DbId
) -> ReplicationList:
    """Published replications of a published practice: where, by whom, since when, how it
    went (never the contact)."""
    return service.replications_of_practice(session, user, practice_id)


@router.get("/of-my-practices", response_model=ReplicationList)
def replications_of_my_practices(
    session: SessionDep, user: CurrentUser, window: WindowDep
) -> ReplicationList:
    """Published replications of the practices my organisation authored, newest first: how an
    author hears that their practice spread."""
    return service.replications_of_my_practices(session, user, window.limit)


@router.get("", response_model=ReplicationList)
def list_own_replications(
    session: SessionDep, user: CurrentUser, window: WindowDep
) -> ReplicationList:
    """The replications my organisation reported, in every state (staff: all of them)."""
    return service.list_own_replications(session, user, window.limit, window.offset)


# Create (with Idempotency-Key), read, edit, submit and withdraw: every curated kind's routes.
item_routes(
    router,
    REPLICATION,
    ItemUseCases(
        service.create_replication,
        service.present,
        service.get_replication,
        service.update_replication,
        service.submit_replication,
        service.withdraw_replication,
    ),
    (ReplicationCreate, ReplicationUpdate, ReplicationPublic),
)
