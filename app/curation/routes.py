"""Curation API, one shape for every registered kind: its queue, claim, decisions and history.

The routes are made per kind when the app is assembled, so the OpenAPI lists each kind's
operations under its own name while one handler serves them all."""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Query

from app.accounts.deps import CuratorUser, OptionalUser
from app.curation import decisions, registry, service
from app.curation import queue as curation_queue
from app.curation.kinds import CuratedKind
from app.curation.models import ClaimCreate, DecisionCreate, EventPublic, QueuePage
from app.db import DbId, SessionDep


def _queue_router() -> APIRouter:
    router = APIRouter(tags=["curation"])

    @router.get("/api/v1/curation/queue", response_model=QueuePage)
    def queue(
        session: SessionDep,
        user: CuratorUser,
        kind: Annotated[
            str | None, Query(max_length=40, description="A kind's name or URL segment")
        ] = None,
        theme: str | None = None,
        uf: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
        template: str | None = None,
        page: Annotated[int, Query(ge=1, le=10_000)] = 1,
        per_page: Annotated[int, Query(ge=1, le=100)] = 50,
    ) -> QueuePage:
        chosen = registry.find(kind) if kind else None
        offset = (page - 1) * per_page
        return curation_queue.get_queue(
            session, user, chosen, theme, uf, template, per_page, offset
        )

    return router


def _kind_routes(router: APIRouter, kind: CuratedKind) -> None:
    label = kind.labels.singular["en"]

    def claim(
        session: SessionDep, user: CuratorUser, item_id: DbId, body: ClaimCreate | None = None
    ) -> EventPublic:
        revision_id = body.revision_id if body else None
        return decisions.claim(session, user, kind, item_id, revision_id)

    def decide(
        session: SessionDep, user: CuratorUser, item_id: DbId, body: DecisionCreate
    ) -> EventPublic:
        return decisions.decide(session, user, kind, item_id, body)

    def history(session: SessionDep, user: OptionalUser, item_id: DbId) -> list[EventPublic]:
        return service.history_for(session, user, kind, item_id)

    operations: list[tuple[str, str, Callable[..., object], str, int, str]] = [
        (
            "POST",
            f"/api/v1/curation/{kind.segment}/{{item_id}}/claim",
            claim,
            "claim",
            200,
            f"Take a submitted {label} into review",
        ),
        (
            "POST",
            f"/api/v1/curation/{kind.segment}/{{item_id}}/decisions",
            decide,
            "decide",
            201,
            f"Approve, request changes to or reject a {label}'s current revision",
        ),
        (
            "GET",
            f"/api/v1/{kind.segment}/{{item_id}}/history",
            history,
            "history",
            200,
            f"A {label}'s curation history (publication events only for the public)",
        ),
    ]
    for method, path, endpoint, verb, status, summary in operations:
        router.add_api_route(
            path,
            endpoint,
            methods=[method],
            status_code=status,
            response_model=list[EventPublic] if verb == "history" else EventPublic,
            name=f"{verb}_{kind.name}",
            operation_id=f"{verb}_{kind.name}",
            summary=summary,
            tags=[kind.segment] if verb == "history" else ["curation", kind.segment],
        )


def build_router() -> APIRouter:
    """The curation routes of every kind registered now (call after assembly)."""
    router = _queue_router()
    for kind in registry.kinds():
        _kind_routes(router, kind)
    return router
