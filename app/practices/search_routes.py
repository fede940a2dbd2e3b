"""Practice search API: a thin route over app.practices.search."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.core.fastjson import json_response
from app.core.lean import parse_query
from app.practices.search import find_practices_async
from app.practices.search_models import PracticeQuery, SearchPage
from app.ratelimits.deps import SEARCH_LIMIT, search_limit

router = APIRouter(prefix="/api/v1", tags=["search"])


@router.get("/search/practices", response_model=SearchPage, dependencies=[SEARCH_LIMIT])
async def search_practices(params: Annotated[PracticeQuery, Query()]) -> Response:
    """Published practices: full text (typo- and accent-tolerant, with synonyms), facet filters
    (repeat a parameter for OR), distance from a municipality, facet counts."""
    # Async, with no database session: the hot path never leaves the event loop (a thread
    # hand-off costs more than the rest of the app's work). Meilisearch's answer reshaped as
    # plain data in the SearchPage shape, written by orjson: no model is built on the way
    # (tests/search/test_fast_shape.py holds the two together).
    return json_response(await find_practices_async(params))


async def serve_search_practices(request: Request) -> Response:
    """GET /api/v1/search/practices as served (app.core.lean): the operation above, its limit
    and its query model, without FastAPI's per-request dependency solving."""
    await search_limit(request)
    return await search_practices(parse_query(PracticeQuery, request))
