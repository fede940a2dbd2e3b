"""The search projection's table (the worker lease) and the shapes every search API shares."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel
from sqlmodel import Field, SQLModel


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


class FacetValue(BaseModel):
    value: str
    label: str
    count: int
