"""The open-data catalogue at /data.json, in the DCAT-US 1.1 (Project Open Data) shape that
CKAN and most open-data portals harvest; field names map one-to-one onto DCAT-AP."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.accounts.places import places
from app.config import get_settings
from app.db import utcnow
from app.opendata import datasets
from app.opendata.columns import MEDIA_TYPES, Format
from app.opendata.datasets import DatasetSpec
from app.opendata.rows import iso

KEYWORDS = ["migração", "refúgio", "acolhimento", "interiorização", "boas práticas"]


def _dataset(
    base: str,
    identifier: str,
    title: str,
    description: str,
    modified: datetime | None,
    distributions: list[dict[str, Any]],
) -> dict[str, Any]:
    settings = get_settings()
    return {
        "@type": "dcat:Dataset",
        "identifier": identifier,
        "title": title,
        "description": description,
        "keyword": KEYWORDS,
        "modified": iso(modified or utcnow()),
        "publisher": {"@type": "org:Organization", "name": settings.open_data_publisher},
        "contactPoint": {
            "@type": "vcard:Contact",
            "fn": settings.open_data_publisher,
            "hasEmail": f"mailto:{settings.open_data_contact_email}",
        },
        "accessLevel": "public",
        "license": settings.open_data_license,
        "spatial": "Brasil",
        "language": ["pt-BR"],
        "accrualPeriodicity": "irregular",
        "landingPage": base,
        "describedBy": f"{base}/docs",
        "distribution": distributions,
    }


def _export(base: str, dataset: DatasetSpec, modified: datetime | None) -> dict[str, Any]:
    distributions: list[dict[str, Any]] = [
        {
            "@type": "dcat:Distribution",
            "title": f"{dataset.title} ({fmt.value.upper()})",
            "downloadURL": f"{base}/api/v1/exports/{dataset.name}.{fmt.value}",
            "mediaType": MEDIA_TYPES[fmt].split(";")[0],
            "format": fmt.value.upper(),
        }
        for fmt in Format
    ]
    if dataset.atom is not None:
        distributions.append(
            {
                "@type": "dcat:Distribution",
                "title": f"Atom: {dataset.title} (mais recentes)",
                "accessURL": f"{base}/feeds/{dataset.name}.atom",
                "mediaType": "application/atom+xml",
                "format": "Atom",
            }
        )
    return _dataset(
        base,
        f"{base}/api/v1/exports/{dataset.name}",
        dataset.title,
        dataset.description,
        modified,
        distributions,
    )


def _listed(titles: Iterable[str]) -> str:
    return "; ".join(titles)


def catalogue(session: Session) -> dict[str, Any]:
    """Every open dataset with its distributions (URLs from the public base URL)."""
    base = get_settings().public_base_url.rstrip("/")
    changed = {spec.name: spec.changed(session) for spec in datasets.registered()}
    catalogued = [_export(base, spec, changed[spec.name]) for spec in datasets.registered()]
    newest = max((d for d in changed.values() if d is not None), default=None)
    catalogued.append(
        _dataset(
            base,
            f"{base}/api/v1/changes",
            "Feed de alterações",
            "Itens criados, alterados ou arquivados ("
            + _listed(spec.title.lower() for spec in datasets.registered() if spec.feed)
            + "), na ordem em que foram gravados, com um cursor opaco para sincronização "
            "incremental.",
            newest,
            [
                {
                    "@type": "dcat:Distribution",
                    "title": "Feed de alterações (JSON)",
                    "accessURL": f"{base}/api/v1/changes",
                    "mediaType": "application/json",
                    "format": "API",
                }
            ],
        )
    )
    catalogued.append(
        _dataset(
            base,
            f"{base}/api/v1/exports/bundle",
            "Pacotes offline por UF",
            "Um arquivo SQLite por UF com "
            + _listed(spec.title.lower() for spec in datasets.registered() if spec.bundle)
            + ", e um manifesto com contagens e checksum, para aplicativos que funcionam offline.",
            newest,
            [
                {
                    "@type": "dcat:Distribution",
                    "title": f"Pacote offline {uf}",
                    "downloadURL": f"{base}/api/v1/exports/bundle?uf={uf}",
                    "mediaType": "application/vnd.sqlite3",
                    "format": "SQLite",
                }
                for uf in sorted(places().all_ufs(session))
            ],
        )
    )
    return {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@id": f"{base}/data.json",
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "dataset": catalogued,
    }
