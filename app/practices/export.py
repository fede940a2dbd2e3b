"""The practices dataset: its columns, how a published practice becomes an export row, and the
declaration app/assembly.py registers with the open-data read side. Private contact data leaves
only with the submitter's consent."""

from collections.abc import Callable
from functools import partial
from typing import Any

from sqlalchemy import Row
from sqlmodel import Session

from app.catalog.loader import get_catalog
from app.municipalities.export_repository import municipality_names
from app.opendata import translated
from app.opendata.columns import PUBLICATION, tagged
from app.opendata.columns import column as c
from app.opendata.datasets import (
    DEFAULT_FILTERS,
    AtomEntry,
    AtomSpec,
    BundleSpec,
    DatasetSpec,
    curated_feed,
    latest_rows,
    rows_by_key,
    streamed_rows,
)
from app.opendata.rows import public_url, published
from app.practices import export_repository as repo
from app.practices.kind import PRACTICE

COLUMNS = (
    c("id", "int", "Practice id (stable)", "#activity+code"),
    c("url", "text", "Public page of the practice", "#meta+url"),
    c("title", "text", "Title", "#activity+name"),
    c("summary", "text", "Summary (up to 500 characters)", "#description"),
    c("description", "text", "Description, Markdown"),
    c("template", "text", "Template slug (geral, formacao, redes, …)"),
    c("themes", "list", "Theme slugs (taxonomy `themes`)", "#sector+code+list"),
    c("audiences", "list", "Target audience slugs"),
    c("scope", "text", "municipal | state | national"),
    c(
        "municipalities",
        "list",
        "IBGE codes of the municipalities where it happens",
        "#adm2+code+list",
    ),
    c("municipality_names", "list", "Names of those municipalities, same order", "#adm2+name+list"),
    c(
        "ufs",
        "list",
        "UFs where it happens (a state practice's, or its municipalities')",
        "#adm1+abbr+list",
    ),
    c("organisation_id", "int", "Responsible organisation id", "#org+code"),
    c("organisation_name", "text", "Responsible organisation", "#org+name"),
    c("organisation_type", "text", "Organisation type slug", "#org+type"),
    c("partners", "list", "Partner names"),
    c("start_date", "date", "Start date", "#date+start"),
    c("end_date", "date", "End date (empty when ongoing)", "#date+end"),
    c("ongoing", "bool", "Still running"),
    c("results", "text", "Results and evidence"),
    c("evidence_level", "text", "avaliada | monitorada | promissora"),
    c("resources", "text", "Resources needed"),
    c("how_to_replicate", "text", "How to replicate it"),
    c("languages", "list", "Languages the practice is available in"),
    c("links", "list", "Links"),
    c("contact_name", "text", "Contact, only when the submitter consented to publish it"),
    c("contact_email", "text", "Contact e-mail, same condition"),
    c("contact_phone", "text", "Contact phone, same condition"),
    c("details", "object", "Fields declared by the template (JSON object)"),
    c("revision", "int", "Number of the published revision"),
    *tagged(PUBLICATION, {"published_at": "#date+published", "updated_at": "#date+updated"}),
    c("call_id", "int", "The thematic call it answers (empty: none)"),
    *translated.columns(PRACTICE),
)


def practice_row(row: Row[Any], names: dict[int, str]) -> dict[str, Any]:
    content: dict[str, Any] = row.content
    contact = (content.get("contact") or {}) if content.get("contact_public") else {}
    codes = list(content.get("municipalities") or [])
    return {
        "id": row.id,
        "url": public_url(f"/praticas/{row.id}"),
        "title": content.get("title"),
        "summary": content.get("summary"),
        "description": content.get("description"),
        "template": row.template,
        "themes": content.get("themes") or [],
        "audiences": content.get("audiences") or [],
        "scope": content.get("scope"),
        "municipalities": codes,
        "municipality_names": [names.get(code, "") for code in codes],
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
        **published(row),
        "call_id": row.call_id,
        **translated.values(PRACTICE, content),
    }


def _builder(session: Session) -> Callable[[Row[Any]], dict[str, Any]]:
    return partial(practice_row, names=municipality_names(session))


def _entry(row: dict[str, Any]) -> AtomEntry:
    labels = get_catalog().taxonomies
    return AtomEntry(
        url=row["url"],
        title=row["title"],
        summary=row["summary"],
        published=row["published_at"],
        updated=row["updated_at"],
        author=row["organisation_name"],
        categories=[(slug, labels.label("themes", slug)) for slug in row["themes"]],
    )


PRACTICES = DatasetSpec(
    name="practices",
    title="Boas práticas publicadas",
    description="Boas práticas de acolhimento e integração de migrantes e refugiados, "
    "aprovadas pela curadoria da rede (só a revisão publicada, sem contatos privados).",
    columns=COLUMNS,
    rows=streamed_rows(repo.practice_query, _builder),
    changed=repo.last_change,
    filters=DEFAULT_FILTERS | {"call"},
    feed=curated_feed(PRACTICE, rows_by_key(repo.practices_by_ids, _builder)),
    bundle=BundleSpec(table="practices", key="id", national=True),
    atom=AtomSpec(
        title="boas práticas publicadas",
        latest=latest_rows(repo.latest_practices, _builder),
        entry=_entry,
    ),
    labelled=(
        ("themes", "themes"),
        ("audiences", "audiences"),
        ("organisation_type", "organisation_types"),
        ("evidence_level", "evidence_levels"),
        ("languages", "languages"),
    ),
)
