"""The open-data catalogue at /data.json, in the DCAT-US 1.1 (Project Open Data) shape that
CKAN and most open-data portals harvest; field names map one-to-one onto DCAT-AP."""

from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.config import get_settings
from app.db import utcnow
from app.municipalities import repository as municipalities
from app.opendata import repository as repo
from app.opendata.columns import MEDIA_TYPES, TITLES, Dataset, Format
from app.opendata.rows import iso

DESCRIPTIONS = {
    Dataset.practices: "Boas práticas de acolhimento e integração de migrantes e refugiados, "
    "aprovadas pela curadoria da rede (só a revisão publicada, sem contatos privados).",
    Dataset.municipalities: "Os 5.571 municípios (código IBGE) com a capacidade de acolhimento "
    "do relatório mais recente e o seu estado de atualização.",
    Dataset.capacity_history: "Todos os relatórios datados de capacidade de acolhimento: vagas "
    "por tipo de equipamento, serviços, interiorização.",
    Dataset.policies: "Leis, decretos, portarias, planos e atos de criação de comitês sobre "
    "migração, nos níveis federal, estadual e municipal.",
}
KEYWORDS = ["migração", "refúgio", "acolhimento", "interiorização", "boas práticas"]
CHANGED_BY = {
    Dataset.practices: "practices",
    Dataset.policies: "policies",
    Dataset.municipalities: "capacity",
    Dataset.capacity_history: "capacity",
}


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


def _export(base: str, dataset: Dataset, modified: datetime | None) -> dict[str, Any]:
    distributions: list[dict[str, Any]] = [
        {
            "@type": "dcat:Distribution",
            "title": f"{TITLES[dataset]} ({fmt.value.upper()})",
            "downloadURL": f"{base}/api/v1/exports/{dataset.value}.{fmt.value}",
            "mediaType": MEDIA_TYPES[fmt].split(";")[0],
            "format": fmt.value.upper(),
        }
        for fmt in Format
    ]
    if dataset == Dataset.practices:
        distributions.append(
            {
                "@type": "dcat:Distribution",
                "title": "Atom: práticas recentes",
                "accessURL": f"{base}/feeds/practices.atom",
                "mediaType": "application/atom+xml",
                "format": "Atom",
            }
        )
    return _dataset(
        base,
        f"{base}/api/v1/exports/{dataset.value}",
        TITLES[dataset],
        DESCRIPTIONS[dataset],
        modified,
        distributions,
    )


def catalogue(session: Session) -> dict[str, Any]:
    """Every open dataset with its distributions (URLs from the public base URL)."""
    base = get_settings().public_base_url.rstrip("/")
    changed = repo.last_changes(session)
    datasets = [_export(base, d, changed[CHANGED_BY[d]]) for d in Dataset]
    newest = max((d for d in changed.values() if d is not None), default=None)
    datasets.append(
        _dataset(
            base,
            f"{base}/api/v1/changes",
            "Feed de alterações",
            "Práticas, políticas e capacidades criadas, alteradas ou arquivadas, na ordem em que "
            "foram gravadas, com um cursor opaco para sincronização incremental.",
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
    datasets.append(
        _dataset(
            base,
            f"{base}/api/v1/exports/bundle",
            "Pacotes offline por UF",
            "Um arquivo SQLite por UF com práticas, municípios, capacidade e políticas, e um "
            "manifesto com contagens e checksum, para aplicativos que funcionam offline.",
            newest,
            [
                {
                    "@type": "dcat:Distribution",
                    "title": f"Pacote offline {uf}",
                    "downloadURL": f"{base}/api/v1/exports/bundle?uf={uf}",
                    "mediaType": "application/vnd.sqlite3",
                    "format": "SQLite",
                }
                for uf in sorted(municipalities.all_ufs(session))
            ],
        )
    )
    return {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@id": f"{base}/data.json",
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "dataset": datasets,
    }
