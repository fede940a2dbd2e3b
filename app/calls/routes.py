"""Thematic calls API: thin routes over app.calls.service, and the Atom feed of a call's
published answers."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.accounts.deps import CuratorUser
from app.calls import service
from app.calls.models import CallCreate, CallList, CallPublic, CallStatus, CallUpdate
from app.core import caching
from app.core.paging import WindowDep
from app.db import DbId, SessionDep
from app.opendata import atom
from app.opendata.models import ExportQuery

router = APIRouter(prefix="/api/v1/calls", tags=["calls"])
feeds = APIRouter(tags=["calls"])


@router.post("", response_model=CallPublic, status_code=201)
def create_call(session: SessionDep, user: CuratorUser, body: CallCreate) -> CallPublic:
    """Open or schedule a thematic call (curators and admins; others get 403)."""
    return service.create_call(session, user, body)


@router.get("", response_model=CallList)
def list_calls(
    session: SessionDep, window: WindowDep, status: CallStatus | None = None
) -> CallList:
    """Calls by status today: open (closing soonest first), upcoming, closed."""
    return service.list_calls(session, status, window.limit, window.offset)


@router.get("/{call_id}", response_model=CallPublic)
def get_call(session: SessionDep, call_id: DbId) -> CallPublic:
    """A call with its answer counts and its published answers."""
    return service.get_call(session, call_id)


@router.patch("/{call_id}", response_model=CallPublic)
def update_call(
    session: SessionDep, user: CuratorUser, call_id: DbId, body: CallUpdate
) -> CallPublic:
    """Edit a call until it opens (409 after, with its opening date)."""
    return service.update_call(session, user, call_id, body)


@feeds.get(
    "/feeds/calls/{call_id}.atom",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}}},
)
def call_atom(
    request: Request,
    session: SessionDep,
    call_id: DbId,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    """The call's published answers, newest first (Atom)."""
    call = service.get_call(session, call_id)
    body = atom.feed(
        session,
        "practices",
        ExportQuery(call=[call.id]),
        limit,
        title=f"Partilha — {call.title}",
        path=f"/feeds/calls/{call.id}.atom",
    )
    return caching.conditional(request.headers, body, atom.MEDIA_TYPE)
