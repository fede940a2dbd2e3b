"""Search API: thin routes over app.search.service."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.municipalities.models import MunicipalityRef
from app.ratelimits.deps import SEARCH_LIMIT
from app.search import service
from app.search.models import PracticeQuery, SearchPage

router = APIRouter(prefix="/api/v1", tags=["search"])


@router.get("/search/practices", response_model=SearchPage, dependencies=[SEARCH_LIMIT])
def search_practices(params: Annotated[PracticeQuery, Query()]) -> Response:
    """Published practices: full text (typo- and accent-tolerant, with synonyms), facet filters
    (repeat a parameter for OR), distance from a municipality, facet counts."""
    # No database session: each dependency costs a threadpool round trip on the hot path.
    page = service.search_practices(None, params)
    # Already a validated SearchPage: serialise it once (the hot path of the public site).
    return Response(page.model_dump_json(), media_type="application/json")


@router.get("/municipalities", response_model=list[MunicipalityRef], dependencies=[SEARCH_LIMIT])
def municipalities(
    q: Annotated[str, Query(max_length=100)] = "",
    uf: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[MunicipalityRef]:
    """Municipality autocomplete (IBGE code, name, UF)."""
    return service.autocomplete_municipalities(q, uf, limit)
