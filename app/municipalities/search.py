"""Places for the search use cases: the 27 UFs and the municipalities' points from the shipped
IBGE reference (no database round trip on the hot path), and municipality autocomplete."""

from contextlib import nullcontext
from functools import lru_cache
from typing import Any

from sqlmodel import Session

from app.catalog.loader import get_catalog
from app.config import get_settings
from app.db import get_engine
from app.errors import InvalidInput
from app.municipalities import index_repository as repo
from app.municipalities.index import MUNICIPALITIES
from app.municipalities.models import MunicipalityRef
from app.municipalities.reference import read_municipalities, read_states
from app.search import client as meili
from app.search.query import equals_any


@lru_cache
def state_names() -> dict[str, str]:
    """The 27 UFs (static IBGE reference)."""
    return {str(s["uf"]): str(s["name"]) for s in read_states()}


@lru_cache
def reference_points() -> dict[int, tuple[float, float]]:
    """IBGE code -> (lat, lng) of the shipped reference: codes and places do not change, so
    searches need no database round trip (SQLite would take its write lock for it)."""
    uf_by_code = {int(str(s["ibge_code"])): str(s["uf"]) for s in read_states()}
    return {
        int(str(m["ibge_code"])): (float(str(m["latitude"])), float(str(m["longitude"])))
        for m in read_municipalities(uf_by_code)
    }


def unknown_value(name: str, message: str) -> dict[str, Any]:
    """A 422 entry: the query parameter `name` holds a value that is not known."""
    return {"loc": ["query", name], "msg": message, "type": "unknown_value"}


def filter_errors(themes: list[str], ufs: list[str], codes: list[int]) -> list[dict[str, Any]]:
    """The 422 entries of a search's shared filters (query `theme`, `uf`, `municipality`)
    whose values are unknown: theme slugs, UFs (any case) and IBGE codes."""
    known_themes = get_catalog().taxonomies.slugs("themes")
    bad = unknown_value
    return [
        *(bad("theme", f"unknown theme {t!r}") for t in themes if t not in known_themes),
        *(bad("uf", f"unknown UF {u!r}") for u in ufs if u.upper() not in state_names()),
        *(
            bad("municipality", f"unknown IBGE code {c}")
            for c in codes
            if c not in reference_points()
        ),
    ]


def check_filters(
    own: list[dict[str, Any]], themes: list[str], ufs: list[str], codes: list[int]
) -> None:
    """Refuse a search naming unknown values (422): its own filters' (`own`), then the shared
    filters'."""
    errors = own + filter_errors(list(themes), list(ufs), list(codes))
    if errors:
        raise InvalidInput("unknown filter values", errors=errors)


def points(session: Session | None, codes: list[int]) -> dict[int, tuple[float, float]]:
    """(lat, lng) of these IBGE codes; the database only for a code missing from the shipped
    reference (None: open a session then)."""
    known = {c: reference_points()[c] for c in codes if c in reference_points()}
    if missing := [c for c in codes if c not in known]:  # added to the database later?
        with Session(get_engine()) if session is None else nullcontext(session) as db:
            found = repo.municipalities(db, missing)
        known.update({c: (m.latitude, m.longitude) for c, m in found.items()})
    return known


def autocomplete_municipalities(q: str, uf: str | None, limit: int) -> list[MunicipalityRef]:
    """Accent- and typo-insensitive municipality lookup (capitals first on ties)."""
    if uf is not None:
        uf = uf.upper()
        if uf not in state_names():
            raise InvalidInput.field(["query", "uf"], f"unknown UF {uf!r}", "unknown_value")
    options: dict[str, Any] = {
        "limit": limit,
        "attributesToRetrieve": ["ibge_code", "name", "uf"],
        "filter": equals_any("uf", [uf]) if uf else [],
    }
    settings = get_settings()
    with meili.for_api("search_municipalities"):
        raw = meili.search(settings, MUNICIPALITIES.uid(settings), q, options)
    return [MunicipalityRef(**hit) for hit in raw["hits"]]
