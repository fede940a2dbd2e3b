"""The open datasets and their columns: one definition for the CSV header, the JSON keys, the
offline bundle's tables and the documentation (OpenAPI and README). Column names are a public
contract: add columns at the end, never rename or remove one."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from app.municipalities.vocabulary import FACILITY_SLUGS

Kind = Literal["text", "int", "float", "bool", "date", "datetime", "list", "object"]


class Dataset(StrEnum):
    practices = "practices"
    municipalities = "municipalities"
    capacity_history = "capacity-history"
    policies = "policies"


class Format(StrEnum):
    csv = "csv"
    json = "json"
    ndjson = "ndjson"


MEDIA_TYPES = {
    Format.csv: "text/csv; charset=utf-8",
    Format.json: "application/json",
    Format.ndjson: "application/x-ndjson",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    description: str


def _c(name: str, kind: Kind, description: str) -> Column:
    return Column(name, kind, description)


# Columns the current capacity (municipalities) and its history share, with the same meaning.
PLACE_TOTALS = (
    _c("places_total", "int", "Shelter places, all facility types"),
    _c("places_occupied", "int", "Occupied places"),
    _c("places_available", "int", "Available places"),
)
SERVICES_OFFERED = (
    _c("services", "list", "Service slugs available"),
    _c("receives_interiorizacao", "bool", "Receives families through interiorização"),
)

PRACTICE_COLUMNS = (
    _c("id", "int", "Practice id (stable)"),
    _c("url", "text", "Public page of the practice"),
    _c("title", "text", "Title"),
    _c("summary", "text", "Summary (up to 500 characters)"),
    _c("description", "text", "Description, Markdown"),
    _c("template", "text", "Template slug (geral, formacao, redes, …)"),
    _c("themes", "list", "Theme slugs (taxonomy `themes`)"),
    _c("audiences", "list", "Target audience slugs"),
    _c("scope", "text", "municipal | state | national"),
    _c("municipalities", "list", "IBGE codes of the municipalities where it happens"),
    _c("municipality_names", "list", "Names of those municipalities, same order"),
    _c("ufs", "list", "UFs where it happens (a state practice's, or its municipalities')"),
    _c("organisation_id", "int", "Responsible organisation id"),
    _c("organisation_name", "text", "Responsible organisation"),
    _c("organisation_type", "text", "Organisation type slug"),
    _c("partners", "list", "Partner names"),
    _c("start_date", "date", "Start date"),
    _c("end_date", "date", "End date (empty when ongoing)"),
    _c("ongoing", "bool", "Still running"),
    _c("results", "text", "Results and evidence"),
    _c("evidence_level", "text", "avaliada | monitorada | promissora"),
    _c("resources", "text", "Resources needed"),
    _c("how_to_replicate", "text", "How to replicate it"),
    _c("languages", "list", "Languages the practice is available in"),
    _c("links", "list", "Links"),
    _c("contact_name", "text", "Contact, only when the submitter consented to publish it"),
    _c("contact_email", "text", "Contact e-mail, same condition"),
    _c("contact_phone", "text", "Contact phone, same condition"),
    _c("details", "object", "Fields declared by the template (JSON object)"),
    _c("revision", "int", "Number of the published revision"),
    _c("published_at", "datetime", "First publication (UTC)"),
    _c("updated_at", "datetime", "When the published text was approved (UTC)"),
)

MUNICIPALITY_COLUMNS = (
    _c("ibge_code", "int", "IBGE code (7 digits)"),
    _c("name", "text", "Municipality"),
    _c("uf", "text", "UF"),
    _c("region", "text", "Region"),
    _c("latitude", "float", "Latitude of the seat"),
    _c("longitude", "float", "Longitude of the seat"),
    _c("is_capital", "bool", "State capital"),
    _c("capacity_report_id", "int", "Latest capacity report (empty: none yet)"),
    _c("capacity_as_of", "date", "Date the latest report describes"),
    _c("capacity_source", "text", "Source slug of the latest report"),
    _c("capacity_organisation", "text", "Organisation that reported it"),
    *PLACE_TOTALS,
    *SERVICES_OFFERED,
    _c("families_per_month", "int", "Families received per month through interiorização"),
    _c("freshness", "text", "fresh | due | overdue | never (from the latest as-of date)"),
    _c("capacity_updated_at", "datetime", "When the latest report was last written (UTC)"),
)


def _facility_columns() -> tuple[Column, ...]:
    columns: list[Column] = []
    for slug in FACILITY_SLUGS:
        key = slug.replace("-", "_")
        columns.append(_c(f"{key}_total", "int", f"Places of type {slug} (empty: not reported)"))
        columns.append(_c(f"{key}_occupied", "int", f"Occupied places of type {slug}"))
    return tuple(columns)


CAPACITY_COLUMNS = (
    _c("report_id", "int", "Capacity report id"),
    _c("ibge_code", "int", "IBGE code"),
    _c("municipality_name", "text", "Municipality"),
    _c("uf", "text", "UF"),
    _c("as_of", "date", "Date the numbers describe"),
    _c("source", "text", "Source slug"),
    _c("organisation_name", "text", "Organisation that reported it"),
    *PLACE_TOTALS,
    *_facility_columns(),
    *SERVICES_OFFERED,
    _c("families_per_month", "int", "Families received per month"),
    _c("notes", "text", "Notes"),
    _c("created_at", "datetime", "When the report was first written (UTC)"),
    _c("updated_at", "datetime", "When it was last written (UTC)"),
)

POLICY_COLUMNS = (
    _c("id", "int", "Policy id (stable)"),
    _c("url", "text", "The policy in the API"),
    _c("instrument_type", "text", "lei | decreto | portaria | resolucao | plano | ato-comite"),
    _c("number", "text", "Number, e.g. 13.445/2017"),
    _c("date", "date", "Date of the instrument"),
    _c("title", "text", "Title"),
    _c("summary", "text", "Summary"),
    _c("official_url", "text", "Official text"),
    _c("level", "text", "federal | state | municipal"),
    _c("uf", "text", "UF (state and municipal instruments)"),
    _c("ibge_code", "int", "IBGE code (municipal instruments)"),
    _c("municipality_name", "text", "Municipality (municipal instruments)"),
    _c("themes", "list", "Theme slugs"),
    _c("status", "text", "em-vigor | revogada | em-tramitacao"),
    _c("published_at", "datetime", "First publication (UTC)"),
    _c("updated_at", "datetime", "When the published text was approved (UTC)"),
    _c("last_verified_at", "datetime", "Last verification by a curator (UTC)"),
)

COLUMNS: dict[Dataset, tuple[Column, ...]] = {
    Dataset.practices: PRACTICE_COLUMNS,
    Dataset.municipalities: MUNICIPALITY_COLUMNS,
    Dataset.capacity_history: CAPACITY_COLUMNS,
    Dataset.policies: POLICY_COLUMNS,
}

# Which search-style filters apply to each dataset (others answer 422 naming the parameter).
FILTERS: dict[Dataset, frozenset[str]] = {
    Dataset.practices: frozenset({"theme", "uf", "municipality", "updated_since"}),
    Dataset.municipalities: frozenset({"uf", "municipality", "updated_since"}),
    Dataset.capacity_history: frozenset({"uf", "municipality", "updated_since"}),
    Dataset.policies: frozenset({"theme", "uf", "municipality", "updated_since"}),
}

TITLES = {
    Dataset.practices: "Boas práticas publicadas",
    Dataset.municipalities: "Municípios e capacidade de acolhimento atual",
    Dataset.capacity_history: "Histórico de capacidade de acolhimento",
    Dataset.policies: "Políticas migratórias registradas",
}


def names(dataset: Dataset) -> list[str]:
    return [c.name for c in COLUMNS[dataset]]


def markdown_table(dataset: Dataset) -> str:
    """The columns as a Markdown table (OpenAPI description; the README copies it)."""
    lines = ["| column | type | meaning |", "|---|---|---|"]
    lines += [f"| `{c.name}` | {c.kind} | {c.description} |" for c in COLUMNS[dataset]]
    return "\n".join(lines)
