"""The search projection's table (the worker lease) and the shapes every search API shares."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints
from pydantic import Field as PField
from sqlmodel import Field, SQLModel

from app.db import IbgeCode

# A facet value: a slug or a UF, never long (and echoed back in 422 answers).
Value = Annotated[str, StringConstraints(max_length=60)]


class WorkerLease(SQLModel, table=True):
    """Who may run the outbox worker until when. Claimed with a conditional UPDATE/INSERT so
    two app processes never sync concurrently (an expired lease may be taken over)."""

    __tablename__ = "worker_lease"

    name: str = Field(primary_key=True, max_length=60)
    holder: str = Field(max_length=120)
    expires_at: datetime


# --- API shapes -------------------------------------------------------------------------


class SortOrder(StrEnum):
    relevance = "relevance"
    newest = "newest"
    alphabetical = "title"


class SearchQuery(BaseModel):
    """The query string every search API shares: words, the theme and place filters (repeat
    a parameter for OR; AND across parameters), the order and the page. Each kind adds its
    own filters; values are checked by its service (unknown -> 422 naming the parameter)."""

    model_config = ConfigDict(extra="forbid")

    q: str = PField(default="", max_length=200)
    theme: list[Value] = PField(default_factory=list, max_length=20)
    uf: list[Value] = PField(default_factory=list, max_length=27)
    municipality: list[IbgeCode] = PField(default_factory=list, max_length=20)
    sort: SortOrder = SortOrder.relevance
    page: int = PField(default=1, ge=1, le=1000)
    per_page: int = PField(default=20, ge=1, le=100)


class FacetValue(BaseModel):
    value: str
    label: str
    count: int
