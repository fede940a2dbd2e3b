"""The data folders as read-only API: templates and taxonomies."""

from fastapi import APIRouter

from app.catalog.loader import get_catalog
from app.catalog.models import Criterion, PracticeTemplate, Taxonomies

router = APIRouter(prefix="/api/v1", tags=["catalog"])


@router.get("/templates", response_model=list[PracticeTemplate])
def list_templates() -> list[PracticeTemplate]:
    return list(get_catalog().templates.values())


@router.get("/taxonomies", response_model=Taxonomies)
def taxonomies() -> Taxonomies:
    return get_catalog().taxonomies


@router.get("/curation/criteria", response_model=list[Criterion], tags=["curation"])
def criteria() -> list[Criterion]:
    return get_catalog().criteria
