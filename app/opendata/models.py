"""Shapes of the open-data API: export filters, the change feed, the bundle manifest."""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator
from pydantic import Field as PField

from app.db import DbId, IbgeCode


class ExportQuery(BaseModel):
    """The search filters that apply to exports (repeat a parameter for OR; AND across them)."""

    model_config = ConfigDict(extra="forbid")

    theme: list[str] = PField(default_factory=list, max_length=20, description="Theme slug")
    uf: list[str] = PField(default_factory=list, max_length=27, description="UF, e.g. RR")
    municipality: list[IbgeCode] = PField(
        default_factory=list, max_length=20, description="IBGE code"
    )
    updated_since: datetime | None = PField(
        default=None, description="Only rows whose public data changed at or after this instant"
    )
    call: list[DbId] = PField(
        default_factory=list, max_length=20, description="Thematic call id (practices only)"
    )
    lang: Literal["pt-BR", "es", "en", "fr"] | None = PField(
        default=None,
        description="Adds `<column>_label` beside the codes of taxonomies (themes_label...) in "
        "this language; without it, Accept-Language does; with neither, codes only",
    )
    hxl: bool = PField(
        default=True,
        description="CSV of a dataset with HXL hashtags: the hashtag row under the header "
        "(HDX convention); false for a plain CSV",
    )

    @field_validator("updated_since")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)  # a naive instant is read as UTC
        try:
            # Here, not when the query binds it: the export would have started streaming.
            return value.astimezone(UTC)
        except OverflowError:
            raise ValueError("out of range once converted to UTC (years 1 to 9999)") from None


@dataclass(frozen=True)
class Filters:
    """Validated filters, as the repository applies them."""

    theme: list[str] = field(default_factory=list)
    uf: list[str] = field(default_factory=list)
    municipality: list[int] = field(default_factory=list)
    updated_since: datetime | None = None
    call: list[int] = field(default_factory=list)
    # Offline bundles: also national practices and federal policies (they apply in every UF).
    include_national: bool = False


ChangeKind = Literal["created", "updated", "archived"]


class ChangeItem(BaseModel):
    cursor: str = PField(description="Resume after this item with ?since=<cursor>")
    event_id: int
    event: str = PField(
        description="What happened, `<entity>.published` or `<entity>.archived` (e.g. "
        "practice.published, policy.archived), or capacity.reported"
    )
    entity: str = PField(description="practice, policy, municipality, …")
    id: int = PField(description="The entity's id; IBGE code for a municipality")
    change: ChangeKind
    occurred_at: datetime
    data: dict[str, Any] | None = PField(
        description="The entity's current public row (same columns as its export), or null "
        "when it is no longer public (a tombstone: delete it)"
    )


class ChangePage(BaseModel):
    items: list[ChangeItem]
    next_cursor: str = PField(description="Pass as ?since= for the next page")
    has_more: bool


class BundleManifest(BaseModel):
    format: str = "partilha-offline-bundle"
    version: int = 1
    uf: str
    generated_at: datetime
    source: str
    license: str
    counts: dict[str, int]
    sha256: str
    checksum: str = PField(description="How sha256 is computed from the tables")
