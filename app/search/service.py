"""Search use cases: faceted practice search and municipality autocomplete.

Results are typed; Meilisearch outages become ServiceUnavailable (503) here, at the boundary."""

import html
from contextlib import nullcontext
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlmodel import Session

from app.catalog.loader import get_catalog
from app.catalog.models import TaxonomyName
from app.config import get_settings
from app.db import get_engine
from app.errors import InvalidInput
from app.municipalities.models import MunicipalityRef
from app.municipalities.reference import read_municipalities, read_states
from app.search import client as meili
from app.search import repository as repo
from app.search.documents import MARK_CLOSE, MARK_OPEN
from app.search.models import (
    FacetValue,
    OrganisationRef,
    PracticeHit,
    PracticeQuery,
    SearchPage,
    Snippets,
    ThemeRef,
)
from app.search.query import FACETS, Attr, equals_any, practice_search
from app.search.specs import MUNICIPALITIES, PRACTICES

TAXONOMY_OF: dict[str, TaxonomyName] = {
    "theme": "themes",
    "audience": "audiences",
    "organisation_type": "organisation_types",
    "evidence_level": "evidence_levels",
    "language": "languages",
}


@lru_cache
def state_names() -> dict[str, str]:
    """The 27 UFs (static IBGE reference)."""
    return {str(s["uf"]): str(s["name"]) for s in read_states()}


def _error(name: str, message: str) -> dict[str, Any]:
    return {"loc": ["query", name], "msg": message, "type": "unknown_value"}


def _check_values(params: PracticeQuery) -> list[dict[str, Any]]:
    catalog = get_catalog()
    errors = []
    for name, taxonomy in TAXONOMY_OF.items():
        known = catalog.taxonomies.slugs(taxonomy)
        for value in getattr(params, name):
            if value not in known:
                errors.append(_error(name, f"unknown {name} {value!r}"))
    errors += [
        _error("template", f"unknown template {t!r}")
        for t in params.template
        if t not in catalog.templates
    ]
    errors += [_error("uf", f"unknown UF {u!r}") for u in params.uf if u not in state_names()]
    if params.year_from and params.year_to and params.year_from > params.year_to:
        errors.append(_error("year_from", "year_from comes after year_to"))
    return errors


@lru_cache
def reference_points() -> dict[int, tuple[float, float]]:
    """IBGE code -> (lat, lng) of the shipped reference: codes and places do not change, so
    searches need no database round trip (SQLite would take its write lock for it)."""
    uf_by_code = {int(str(s["ibge_code"])): str(s["uf"]) for s in read_states()}
    return {
        int(str(m["ibge_code"])): (float(str(m["latitude"])), float(str(m["longitude"])))
        for m in read_municipalities(uf_by_code)
    }


def _points(session: Session | None, codes: list[int]) -> dict[int, tuple[float, float]]:
    known = {c: reference_points()[c] for c in codes if c in reference_points()}
    if missing := [c for c in codes if c not in known]:  # added to the database later?
        with Session(get_engine()) if session is None else nullcontext(session) as db:
            found = repo.municipalities(db, missing)
        known.update({c: (m.latitude, m.longitude) for c, m in found.items()})
    return known


def _check_places(
    session: Session | None, params: PracticeQuery
) -> tuple[list[dict[str, Any]], Any]:
    codes = [*params.municipality, *([params.near] if params.near is not None else [])]
    found = _points(session, codes)
    errors = [
        _error("municipality", f"unknown IBGE code {c}")
        for c in params.municipality
        if c not in found
    ]
    centre = None
    if params.near is not None:
        centre = found.get(params.near)
        if centre is None:
            errors.append(_error("near", f"unknown IBGE code {params.near}"))
    return errors, centre


def search_practices(session: Session | None, params: PracticeQuery) -> SearchPage:
    """Published practices matching the text and facets, with facet counts. The session is
    only used for an IBGE code missing from the shipped reference (None: open one then)."""
    params = params.model_copy(update={"uf": [u.upper() for u in params.uf]})
    errors = _check_values(params)
    place_errors, centre = _check_places(session, params)
    if errors or place_errors:
        raise InvalidInput("unknown filter values", errors=errors + place_errors)
    return execute(params, centre)


def execute(params: PracticeQuery, centre: tuple[float, float] | None = None) -> SearchPage:
    """Run an already validated query (values are escaped regardless)."""
    settings = get_settings()
    with meili.for_api("search_practices"):
        raw = meili.search(
            settings, PRACTICES.uid(settings), params.q, practice_search(params, centre)
        )
    return SearchPage(
        hits=[_hit(h) for h in raw["hits"]],
        total=raw.get("totalHits", 0),
        page=raw.get("page", params.page),
        per_page=raw.get("hitsPerPage", params.per_page),
        total_pages=raw.get("totalPages", 0),
        facets=_facets(raw.get("facetDistribution", {})),
    )


def safe_snippet(text: str) -> str:
    """Escape everything Meilisearch returned, then turn only our private markers into <mark>."""
    return html.escape(text, quote=True).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")


def _hit(hit: dict[str, Any]) -> PracticeHit:
    formatted = hit.get("_formatted", {})
    labels = dict(zip(hit.get("themes", []), hit.get("theme_labels", []), strict=False))
    return PracticeHit(
        id=hit["id"],
        title=hit["title"],
        summary=hit["summary"],
        themes=[ThemeRef(slug=s, label=labels.get(s, s)) for s in hit.get("themes", [])],
        municipalities=[MunicipalityRef(**p) for p in hit.get("places", [])],
        ufs=hit.get("ufs", []),
        organisation=OrganisationRef(
            name=hit.get("organisation", ""), type=hit.get("organisation_type")
        ),
        published_at=datetime.fromtimestamp(hit.get("published_at", 0), UTC),
        highlight=Snippets(
            title=safe_snippet(str(formatted.get("title", hit["title"]))),
            summary=safe_snippet(str(formatted.get("summary", hit["summary"]))),
            description=safe_snippet(str(formatted.get("description", ""))),
        ),
    )


def _label(name: str, value: str) -> str:
    if name == "uf":
        return state_names().get(value, value)
    return get_catalog().taxonomies.label(TAXONOMY_OF[name], value)


def _facets(distribution: dict[str, dict[str, int]]) -> dict[str, list[FacetValue]]:
    facets = {}
    for name, attr in FACETS.items():
        counts = distribution.get(attr.value, {})
        values = [FacetValue(value=v, label=_label(name, v), count=n) for v, n in counts.items()]
        facets[name] = sorted(values, key=lambda f: (-f.count, f.label))
    return facets


def autocomplete_municipalities(q: str, uf: str | None, limit: int) -> list[MunicipalityRef]:
    """Accent- and typo-insensitive municipality lookup (capitals first on ties)."""
    if uf is not None:
        uf = uf.upper()
        if uf not in state_names():
            raise InvalidInput.field(["query", "uf"], f"unknown UF {uf!r}", "unknown_value")
    options: dict[str, Any] = {
        "limit": limit,
        "attributesToRetrieve": ["ibge_code", "name", "uf"],
        "filter": equals_any(Attr.uf, [uf]) if uf else [],
    }
    settings = get_settings()
    with meili.for_api("search_municipalities"):
        raw = meili.search(settings, MUNICIPALITIES.uid(settings), q, options)
    return [MunicipalityRef(**hit) for hit in raw["hits"]]
