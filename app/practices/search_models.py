"""The shapes of the practice search API (GET /api/v1/search/practices)."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from pydantic import Field as PField

from app.db import DbId, IbgeCode
from app.municipalities.models import MunicipalityRef
from app.search.models import FacetValue, SearchQuery, Value


class PracticeQuery(SearchQuery):
    """Query string of GET /api/v1/search/practices. Facet values are checked against the
    catalog and the IBGE reference by the service (unknown -> 422 naming the parameter)."""

    audience: list[Value] = PField(default_factory=list, max_length=20)
    organisation_type: list[Value] = PField(default_factory=list, max_length=20)
    evidence_level: list[Value] = PField(default_factory=list, max_length=10)
    language: list[Value] = PField(default_factory=list, max_length=20)
    template: list[Value] = PField(default_factory=list, max_length=10)
    year_from: int | None = PField(default=None, ge=1900, le=2100)
    year_to: int | None = PField(default=None, ge=1900, le=2100)
    replicated: bool | None = PField(
        default=None, description="true: only practices replicated somewhere; false: never"
    )
    replicated_uf: list[Value] = PField(
        default_factory=list, max_length=27, description="Replicated in this UF"
    )
    call: DbId | None = PField(default=None, description="Answers to this thematic call")
    lang: Literal["pt-BR", "es", "en", "fr"] | None = PField(
        default=None, description="Titles and summaries in this language where translated"
    )
    near: IbgeCode | None = PField(default=None, description="IBGE code of the centre")
    radius_km: float = PField(default=50, gt=0, le=1000)


class ThemeRef(BaseModel):
    slug: str
    label: str


class OrganisationRef(BaseModel):
    name: str
    type: str | None


class Snippets(BaseModel):
    """Highlighted text, HTML-escaped: the only markup is <mark>…</mark>."""

    title: str
    summary: str
    description: str


class PracticeHit(BaseModel):
    id: int
    title: str
    summary: str
    themes: list[ThemeRef]
    municipalities: list[MunicipalityRef]
    ufs: list[str]
    organisation: OrganisationRef
    published_at: datetime
    replication_count: int = 0
    highlight: Snippets
    language: str = PField(default="pt-BR", description="The language of the title shown")
    summary_language: str = PField(default="pt-BR", description="The language of the summary")


class SearchPage(BaseModel):
    hits: list[PracticeHit]
    total: int
    page: int
    per_page: int
    total_pages: int
    facets: dict[str, list[FacetValue]]
