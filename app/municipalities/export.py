"""The municipalities dataset (each municipality with its latest capacity) and the
capacity-history dataset (every dated report): columns, rows and the declarations
app/assembly.py registers with the open-data read side."""

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Row
from sqlmodel import Session

from app.municipalities import export_repository as repo
from app.municipalities.freshness import Policy as FreshnessPolicy
from app.municipalities.service import CAPACITY_REPORTED, freshness_policy, today
from app.municipalities.vocabulary import FACILITY_SLUGS
from app.opendata.columns import Column
from app.opendata.columns import column as c
from app.opendata.datasets import FeedSpec, rows_by_key, streamed_rows
from app.opendata.declared import read
from app.opendata.rows import iso

# Columns the current capacity (municipalities) and its history share, with the same meaning.
PLACE_TOTALS = (
    c("places_total", "int", "Shelter places, all facility types"),
    c("places_occupied", "int", "Occupied places"),
    c("places_available", "int", "Available places"),
)
SERVICES_OFFERED = (
    c("services", "list", "Service slugs available"),
    c("receives_interiorizacao", "bool", "Receives families through interiorização"),
)

MUNICIPALITY_COLUMNS = (
    c("ibge_code", "int", "IBGE code (7 digits)"),
    c("name", "text", "Municipality"),
    c("uf", "text", "UF"),
    c("region", "text", "Region"),
    c("latitude", "float", "Latitude of the seat"),
    c("longitude", "float", "Longitude of the seat"),
    c("is_capital", "bool", "State capital"),
    c("capacity_report_id", "int", "Latest capacity report (empty: none yet)"),
    c("capacity_as_of", "date", "Date the latest report describes"),
    c("capacity_source", "text", "Source slug of the latest report"),
    c("capacity_organisation", "text", "Organisation that reported it"),
    *PLACE_TOTALS,
    *SERVICES_OFFERED,
    c("families_per_month", "int", "Families received per month through interiorização"),
    c("freshness", "text", "fresh | due | overdue | never (from the latest as-of date)"),
    c("capacity_updated_at", "datetime", "When the latest report was last written (UTC)"),
)


def _facility_columns() -> tuple[Column, ...]:
    columns: list[Column] = []
    for slug in FACILITY_SLUGS:
        key = slug.replace("-", "_")
        columns.append(c(f"{key}_total", "int", f"Places of type {slug} (empty: not reported)"))
        columns.append(c(f"{key}_occupied", "int", f"Occupied places of type {slug}"))
    return tuple(columns)


FACILITY_COLUMNS = _facility_columns()

CAPACITY_COLUMNS = (
    c("report_id", "int", "Capacity report id"),
    c("ibge_code", "int", "IBGE code"),
    c("municipality_name", "text", "Municipality"),
    c("uf", "text", "UF"),
    c("as_of", "date", "Date the numbers describe"),
    c("source", "text", "Source slug"),
    c("organisation_name", "text", "Organisation that reported it"),
    *PLACE_TOTALS,
    *FACILITY_COLUMNS,
    *SERVICES_OFFERED,
    c("families_per_month", "int", "Families received per month"),
    c("notes", "text", "Notes"),
    c("created_at", "datetime", "When the report was first written (UTC)"),
    c("updated_at", "datetime", "When it was last written (UTC)"),
)


def municipality_row(row: Row[Any], freshness: FreshnessPolicy, now: date) -> dict[str, Any]:
    total, occupied = row.places_total, row.places_occupied
    reported = row.capacity_report_id is not None
    return {
        "ibge_code": row.ibge_code,
        "name": row.name,
        "uf": row.uf,
        "region": row.region,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "is_capital": bool(row.is_capital),
        "capacity_report_id": row.capacity_report_id,
        "capacity_as_of": iso(row.capacity_as_of),
        "capacity_source": row.capacity_source,
        "capacity_organisation": row.capacity_organisation,
        "places_total": (total or 0) if reported else None,
        "places_occupied": (occupied or 0) if reported else None,
        "places_available": (total or 0) - (occupied or 0) if reported else None,
        "services": list(row.services or []),
        "receives_interiorizacao": bool(row.receives_interiorizacao) if reported else None,
        "families_per_month": row.families_per_month,
        "freshness": freshness.status(row.capacity_as_of, now).value,
        "capacity_updated_at": iso(row.capacity_updated_at),
    }


def capacity_row(row: Row[Any]) -> dict[str, Any]:
    total, occupied = row.places_total or 0, row.places_occupied or 0
    values = row._mapping
    return {
        "report_id": row.report_id,
        "ibge_code": row.ibge_code,
        "municipality_name": row.municipality_name,
        "uf": row.uf,
        "as_of": iso(row.as_of),
        "source": row.source,
        "organisation_name": row.organisation_name,
        "places_total": total,
        "places_occupied": occupied,
        "places_available": total - occupied,
        **{facility.name: values[facility.name] for facility in FACILITY_COLUMNS},
        "services": list(row.services or []),
        "receives_interiorizacao": bool(row.receives_interiorizacao),
        "families_per_month": row.families_per_month,
        "notes": row.notes,
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
    }


def _municipality_builder(session: Session) -> Callable[[Row[Any]], dict[str, Any]]:
    return partial(municipality_row, freshness=freshness_policy(), now=today())


def _capacity_builder(_session: Session) -> Callable[[Row[Any]], dict[str, Any]]:
    return capacity_row


DECLARED = read(Path(__file__).with_name("datasets.yaml"))
MUNICIPALITIES = DECLARED["municipalities"].spec(
    streamed_rows(repo.municipality_query, _municipality_builder),
    repo.last_report_change,
    columns=MUNICIPALITY_COLUMNS,
    feed=FeedSpec(
        entity="municipality",
        events=(CAPACITY_REPORTED,),
        current=rows_by_key(repo.municipalities_by_codes, _municipality_builder, "ibge_code"),
    ),
)
CAPACITY_HISTORY = DECLARED["capacity-history"].spec(
    streamed_rows(repo.capacity_query, _capacity_builder),
    repo.last_report_change,
    columns=CAPACITY_COLUMNS,
)
