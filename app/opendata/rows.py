"""Query rows -> export rows: dicts keyed by the documented column names, JSON-ready values
(ISO dates, lists, objects). CSV, JSON, NDJSON, the bundle, the change feed and webhooks all
print these same dicts. Private contact data leaves only with the submitter's consent."""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Row

from app.config import get_settings
from app.municipalities.freshness import Policy as FreshnessPolicy
from app.opendata.columns import CAPACITY_COLUMNS

Names = dict[int, str]


def iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return value.isoformat(timespec="microseconds").replace("+00:00", "Z")
    return value.isoformat()


def _base() -> str:
    return get_settings().public_base_url.rstrip("/")


def practice(row: Row[Any], municipality_names: Names) -> dict[str, Any]:
    content: dict[str, Any] = row.content
    contact = (content.get("contact") or {}) if content.get("contact_public") else {}
    codes = list(content.get("municipalities") or [])
    return {
        "id": row.id,
        "url": f"{_base()}/praticas/{row.id}",
        "title": content.get("title"),
        "summary": content.get("summary"),
        "description": content.get("description"),
        "template": row.template,
        "themes": content.get("themes") or [],
        "audiences": content.get("audiences") or [],
        "scope": content.get("scope"),
        "municipalities": codes,
        "municipality_names": [municipality_names.get(code, "") for code in codes],
        "ufs": [uf for uf in row.ufs_key.split("|") if uf],  # a state's, or its municipalities'
        "organisation_id": row.organisation_id,
        "organisation_name": row.organisation_name,
        "organisation_type": row.organisation_type,
        "partners": content.get("partners") or [],
        "start_date": content.get("start_date"),
        "end_date": content.get("end_date"),
        "ongoing": bool(content.get("ongoing")),
        "results": content.get("results", ""),
        "evidence_level": content.get("evidence_level"),
        "resources": content.get("resources", ""),
        "how_to_replicate": content.get("how_to_replicate", ""),
        "languages": content.get("languages") or [],
        "links": content.get("links") or [],
        "contact_name": contact.get("name"),
        "contact_email": contact.get("email"),
        "contact_phone": contact.get("phone"),
        "details": content.get("details") or {},
        "revision": row.revision,
        "published_at": iso(row.published_at),
        "updated_at": iso(row.updated_at),
    }


def municipality(row: Row[Any], freshness: FreshnessPolicy, today: date) -> dict[str, Any]:
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
        "freshness": freshness.status(row.capacity_as_of, today).value,
        "capacity_updated_at": iso(row.capacity_updated_at),
    }


# abrigo_institucional_total, abrigo_institucional_occupied, … (see columns.CAPACITY_COLUMNS)
_FACILITY_KEYS = [
    c.name
    for c in CAPACITY_COLUMNS
    if c.name.endswith(("_total", "_occupied")) and not c.name.startswith("places_")
]


def capacity_report(row: Row[Any]) -> dict[str, Any]:
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
        **{key: values[key] for key in _FACILITY_KEYS},
        "services": list(row.services or []),
        "receives_interiorizacao": bool(row.receives_interiorizacao),
        "families_per_month": row.families_per_month,
        "notes": row.notes,
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
    }


def policy(row: Row[Any], municipality_names: Names) -> dict[str, Any]:
    content: dict[str, Any] = row.content
    code = content.get("ibge_code")
    return {
        "id": row.id,
        "url": f"{_base()}/api/v1/policies/{row.id}",
        "instrument_type": content.get("instrument_type"),
        "number": content.get("number", ""),
        "date": content.get("date"),
        "title": content.get("title"),
        "summary": content.get("summary"),
        "official_url": content.get("official_url"),
        "level": content.get("level"),
        "uf": content.get("uf"),
        "ibge_code": code,
        "municipality_name": municipality_names.get(code) if code else None,
        "themes": content.get("themes") or [],
        "status": content.get("status"),
        "published_at": iso(row.published_at),
        "updated_at": iso(row.updated_at),
        "last_verified_at": iso(row.last_verified_at),
    }
