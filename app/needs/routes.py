"""Needs API: thin routes over app.needs.service."""

from typing import Annotated

from fastapi import APIRouter, Header, Query

from app.accounts.deps import CurrentUser, OptionalUser
from app.core.languages import from_accept_language
from app.core.paging import WindowDep
from app.db import DbId, IbgeCode, SessionDep
from app.needs import service, suggestions
from app.needs.models import (
    NeedCreate,
    NeedList,
    NeedPublic,
    NeedStatus,
    NeedUpdate,
    OfferCreate,
    OfferPublic,
    SuggestionList,
)

router = APIRouter(tags=["needs"])


@router.post("/api/v1/municipalities/{ibge_code}/needs", response_model=NeedPublic, status_code=201)
def create_need(
    session: SessionDep, user: CurrentUser, ibge_code: IbgeCode, body: NeedCreate
) -> NeedPublic:
    """Post a need for a municipality (gov editors in its scope and admins; others 403)."""
    return service.create_need(session, user, ibge_code, body)


@router.get("/api/v1/needs", response_model=NeedList)
def list_needs(
    session: SessionDep,
    window: WindowDep,
    uf: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    theme: str | None = None,
    status: NeedStatus | None = None,
) -> NeedList:
    """The board of needs; `expired` is an open need past its date."""
    return service.list_needs(
        session, uf=uf, theme=theme, status=status, limit=window.limit, offset=window.offset
    )


@router.get("/api/v1/needs/{need_id}", response_model=NeedPublic)
def get_need(session: SessionDep, user: OptionalUser, need_id: DbId) -> NeedPublic:
    """A need; its owner also sees every offer with its contact."""
    return service.get_need(session, need_id, user)


@router.patch("/api/v1/needs/{need_id}", response_model=NeedPublic)
def update_need(
    session: SessionDep, user: CurrentUser, need_id: DbId, body: NeedUpdate
) -> NeedPublic:
    """Edit a need or mark it met (its owner)."""
    return service.update_need(session, user, need_id, body)


@router.post("/api/v1/needs/{need_id}/offers", response_model=OfferPublic, status_code=201)
def offer_help(
    session: SessionDep, user: CurrentUser, need_id: DbId, body: OfferCreate
) -> OfferPublic:
    """Offer help on an open need (organisation members; 409 on a met or expired need)."""
    return service.offer_help(session, user, need_id, body)


@router.get("/api/v1/municipalities/{ibge_code}/suggestions", response_model=SuggestionList)
def suggestions_for(
    session: SessionDep,
    ibge_code: IbgeCode,
    accept_language: Annotated[str | None, Header()] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> SuggestionList:
    """Published practices that answer the municipality's open needs, best first: the same
    theme, replicated nearby, the level of evidence, the distance; with the reasons in words
    in the Accept-Language's language (pt-BR by default)."""
    lang = from_accept_language(accept_language) or "pt-BR"
    return suggestions.suggestions_for(session, ibge_code, lang, limit)
