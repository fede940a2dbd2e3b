"""Municipality autocomplete API: a thin route over app.municipalities.search."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.municipalities.models import MunicipalityRef
from app.municipalities.search import autocomplete_municipalities
from app.ratelimits.deps import SEARCH_LIMIT

router = APIRouter(prefix="/api/v1", tags=["search"])


@router.get("/municipalities", response_model=list[MunicipalityRef], dependencies=[SEARCH_LIMIT])
def municipalities(
    q: Annotated[str, Query(max_length=100)] = "",
    uf: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[MunicipalityRef]:
    """Municipality autocomplete (IBGE code, name, UF)."""
    return autocomplete_municipalities(q, uf, limit)
