"""Practice search API: a thin route over app.practices.search."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.practices.search import search_practices as run_search
from app.practices.search_models import PracticeQuery, SearchPage
from app.ratelimits.deps import SEARCH_LIMIT

router = APIRouter(prefix="/api/v1", tags=["search"])


@router.get("/search/practices", response_model=SearchPage, dependencies=[SEARCH_LIMIT])
def search_practices(params: Annotated[PracticeQuery, Query()]) -> Response:
    """Published practices: full text (typo- and accent-tolerant, with synonyms), facet filters
    (repeat a parameter for OR), distance from a municipality, facet counts."""
    # No database session: each dependency costs a threadpool round trip on the hot path.
    page = run_search(None, params)
    # Already a validated SearchPage: serialise it once (the hot path of the public site).
    return Response(page.model_dump_json(), media_type="application/json")
