"""The municipality autocomplete index: its settings, its documents (from the IBGE reference
in the database) and the outbox events it follows. Registered at assembly."""

from typing import Any

from sqlmodel import Session

from app.municipalities import index_repository as repo
from app.outbox.models import EntityType
from app.search.documents import Document, sort_key, upserts_and_deletes, valid_geo
from app.search.specs import PORTUGUESE, TYPOS, IndexSpec, own_document


def municipality_settings() -> dict[str, Any]:
    return {
        "searchableAttributes": ["name", "state_name"],
        "filterableAttributes": ["uf"],
        "sortableAttributes": ["name_sort"],
        # Ties (many "São José ..."): capitals first, then alphabetical.
        "rankingRules": [
            "words",
            "typo",
            "proximity",
            "attribute",
            "sort",
            "exactness",
            "is_capital:desc",
            "name_sort:asc",
        ],
        "localizedAttributes": PORTUGUESE,
        "typoTolerance": TYPOS,
        "facetSearch": False,
        "pagination": {"maxTotalHits": 1000},
    }


def municipality_documents(
    session: Session, codes: list[int]
) -> tuple[dict[int, Document], list[int]]:
    found = repo.municipalities(session, codes)
    states = repo.states(session)
    docs: dict[int, Document] = {}
    for code, m in found.items():
        state = states.get(m.uf)
        doc: Document = {
            "ibge_code": code,
            "name": m.name,
            "name_sort": sort_key(m.name),
            "uf": m.uf,
            "state_name": state.name if state else "",
            "is_capital": m.is_capital,
        }
        if (geo := valid_geo(m.latitude, m.longitude)) is not None:
            doc["_geo"] = geo
        docs[code] = doc
    return upserts_and_deletes(codes, docs)


MUNICIPALITIES = IndexSpec(
    key="municipalities",
    primary_key="ibge_code",
    settings=municipality_settings,
    build=municipality_documents,
    all_ids=repo.municipality_codes,
    follows={EntityType.municipality: own_document},
)
