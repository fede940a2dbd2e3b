"""The search projection's tables (the worker lease, the servers' delivery cursors) and the
shapes every search API shares."""

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


class ServerState(StrEnum):
    in_sync = "in_sync"  # fed by every pass
    behind = "behind"  # missed events: caught up by replaying them (or filled whole)


class SearchServerCursor(SQLModel, table=True):
    """How far one Meilisearch server has been fed the outbox (migration 0022): an in-sync
    server's `delivered_through` is the frontier (every search event up to it processed); a
    behind one still needs the events processed after (`replay_at`, `replay_id`), in that
    order, or a whole fill when `replay_at` is None."""

    __tablename__ = "search_server_cursor"

    server: str = Field(primary_key=True, max_length=200)
    state: str = Field(max_length=20)
    delivered_through: int = 0
    replay_at: datetime | None = None
    replay_id: int = 0
    updated_at: datetime


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
