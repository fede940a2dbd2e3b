"""IBGE reference (the 27 federative units and the 5,571 municipalities) and the dated
hosting-capacity reports of each municipality."""

import datetime as dt
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField
from sqlalchemy import JSON, CheckConstraint, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.db import DbId, utcnow
from app.municipalities.freshness import Freshness
from app.municipalities.vocabulary import FACILITY_SLUGS, SERVICE_SLUGS, SOURCE_SLUGS


class State(SQLModel, table=True):
    uf: str = Field(primary_key=True, max_length=2)
    ibge_code: int = Field(unique=True)
    name: str = Field(max_length=60)
    region: str = Field(max_length=20)
    latitude: float
    longitude: float


class Municipality(SQLModel, table=True):
    ibge_code: int = Field(primary_key=True)
    name: str = Field(max_length=100)
    uf: str = Field(foreign_key="state.uf", max_length=2, index=True)
    latitude: float
    longitude: float
    is_capital: bool = False


class StatePublic(SQLModel):
    uf: str
    name: str
    region: str


class MunicipalityRef(SQLModel):
    ibge_code: int
    name: str
    uf: str


class CapacityReport(SQLModel, table=True):
    """One dated picture of a municipality's capacity. The series keeps every date; the
    bulk import replaces the report of the same (municipality, date) key."""

    __tablename__ = "capacity_report"
    __table_args__ = (
        UniqueConstraint("ibge_code", "as_of"),
        CheckConstraint("families_per_month >= 0", name="families_non_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ibge_code: int = Field(foreign_key="municipality.ibge_code")
    as_of: date = Field(index=True)
    source: str = Field(max_length=40)
    reported_by_id: int = Field(foreign_key="user_account.id")
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    receives_interiorizacao: bool = False
    families_per_month: int | None = None
    # A small closed list always read with its report (see vocabulary.SERVICES): JSON, not rows.
    services: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    notes: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class CapacityPlace(SQLModel, table=True):
    """Shelter places of one facility type in one report: rows, so sums and exports are SQL."""

    __tablename__ = "capacity_place"
    __table_args__ = (
        CheckConstraint("total >= 0", name="total_non_negative"),
        CheckConstraint("occupied >= 0 AND occupied <= total", name="occupied_within_total"),
    )

    report_id: int = Field(foreign_key="capacity_report.id", primary_key=True)
    facility_type: str = Field(primary_key=True, max_length=40)
    total: int
    occupied: int


class CapacityReportVersion(SQLModel, table=True):
    """A dated report as it was before its organisation replaced it (an import of corrected
    figures): the history keeps every version, who wrote it and who replaced it."""

    __tablename__ = "capacity_report_version"

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="capacity_report.id", index=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    reported_by_id: int = Field(foreign_key="user_account.id")
    # The report's content then: source, places, services, interiorização, notes.
    content: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    written_at: datetime
    replaced_at: datetime = Field(default_factory=utcnow)
    replaced_by_id: int = Field(foreign_key="user_account.id")


MAX_PLACES = 100_000


# Plain pydantic (not SQLModel) input models: the CSV import validates thousands of rows and
# SQLModel's __init__ hook made nested validation 3x slower.
class PlaceIn(BaseModel):
    facility_type: str = PydanticField(
        max_length=40, json_schema_extra={"examples": list(FACILITY_SLUGS)}
    )
    total: int = PydanticField(ge=0, le=MAX_PLACES)
    occupied: int = PydanticField(ge=0, le=MAX_PLACES)


class CapacityReportCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    as_of: date = PydanticField(description="The date the numbers describe (not in the future)")
    source: str = PydanticField(max_length=40, json_schema_extra={"examples": list(SOURCE_SLUGS)})
    organisation_id: DbId | None = PydanticField(
        default=None, description="Defaults to the reporter's organisation"
    )
    places: list[PlaceIn] = PydanticField(default_factory=list, max_length=20)
    services: list[str] = PydanticField(
        default_factory=list, max_length=20, json_schema_extra={"examples": [list(SERVICE_SLUGS)]}
    )
    receives_interiorizacao: bool = False
    families_per_month: int | None = PydanticField(
        default=None, ge=0, le=MAX_PLACES, description="Only when receiving through interiorização"
    )
    notes: str = PydanticField(default="", max_length=2000)


class PlacePublic(SQLModel):
    facility_type: str
    total: int
    occupied: int
    available: int


class PlaceTotals(SQLModel):
    total: int
    occupied: int
    available: int


class CapacityContentPublic(SQLModel):
    """What a dated report says, as shown: the same in the current report and in each of the
    versions its organisation replaced (a version is built from the shown report's fields)."""

    as_of: date
    source: str
    organisation: dict[str, Any] | None
    reported_by: dict[str, Any] | None = Field(
        description="Shown to curators, admins and gov editors only"
    )
    places: list[PlacePublic]
    totals: PlaceTotals
    services: list[str]
    receives_interiorizacao: bool
    families_per_month: int | None
    notes: str


class CapacityReportPublic(CapacityContentPublic):
    id: int
    ibge_code: int
    created_at: datetime
    updated_at: datetime


class CapacityReportVersionPublic(CapacityContentPublic):
    """A dated report's content before its organisation replaced it."""

    report_id: int
    written_at: datetime = Field(description="When this version was written")
    replaced_at: datetime


class CapacityReportVersionPage(SQLModel):
    items: list[CapacityReportVersionPublic] = Field(description="Newest replaced version first")


class CapacityReportPage(SQLModel):
    items: list[CapacityReportPublic]
    total: int


class FreshnessPublic(SQLModel):
    status: Freshness
    as_of: date | None
    age_days: int | None
    due_on: date | None = Field(description="First day the picture is no longer fresh")
    overdue_on: date | None = Field(description="First day the picture is overdue")
    interval_days: int
    grace_days: int


class CapacitySummary(SQLModel):
    latest: CapacityReportPublic | None
    freshness: FreshnessPublic


class PracticeBrief(SQLModel):
    id: int
    title: str
    summary: str
    themes: list[str]
    published_at: datetime | None


class ReplicationBrief(SQLModel):
    """A practice replicated in a municipality, as listed on its profile."""

    id: int = PydanticField(description="The replication's id")
    practice_id: int
    practice_title: str
    organisation: str = PydanticField(description="The organisation that replicated it")
    status: str = PydanticField(description="planned, running, ended or discontinued")
    start_date: str


class OrganisationBrief(SQLModel):
    """An organisation whose approved profile says it works in a municipality."""

    id: int
    name: str
    type: str = PydanticField(description="osc, government, international, academia or private")
    themes: list[str]


class PolicyBrief(SQLModel):
    """A policy in force, as listed on a municipality's profile."""

    id: int
    title: str
    instrument_type: str
    number: str
    date: dt.date
    level: str
    official_url: str


class NearbyMunicipality(SQLModel):
    ibge_code: int
    name: str
    uf: str
    distance_km: float
    practices: int


class MunicipalityProfile(SQLModel):
    ibge_code: int
    name: str
    uf: str
    state: StatePublic
    latitude: float
    longitude: float
    is_capital: bool
    capacity: CapacitySummary
    practices: list[PracticeBrief]
    practices_total: int
    nearest_with_practices: list[NearbyMunicipality] = PydanticField(
        description="The nearest municipalities with practices, within nearby_radius_km"
    )
    nearby_radius_km: float = PydanticField(
        default=300, description="The radius of nearest_with_practices (radius_km)"
    )
    policies_in_force: list[PolicyBrief]
    replicated_here: list[ReplicationBrief] = PydanticField(
        default_factory=list, description="Practices replicated in this municipality"
    )
    organisations_here: list[OrganisationBrief] = PydanticField(
        default_factory=list, description="Organisations whose public profile says they work here"
    )


class FreshnessItem(SQLModel):
    ibge_code: int
    name: str
    uf: str
    latest_as_of: date | None
    status: Freshness
    age_days: int | None


class FreshnessPage(SQLModel):
    items: list[FreshnessItem]
    total: int
