"""Practice search: faceted full text over the published practices.

Results are typed; Meilisearch outages become ServiceUnavailable (503) at app.search's
boundary."""

import time
from typing import Any

from anyio import to_thread
from sqlmodel import Session

from app.catalog.loader import get_catalog
from app.catalog.models import TaxonomyName
from app.config import get_settings
from app.errors import InvalidInput
from app.municipalities.search import points, reference_points, state_names, unknown_value
from app.practices.index import PRACTICES
from app.practices.search_models import PracticeQuery, SearchPage
from app.practices.search_query import FACETS, practice_search
from app.search import client as meili
from app.search.documents import MARK_OPEN
from app.search.query import safe_snippet

TAXONOMY_OF: dict[str, TaxonomyName] = {
    "theme": "themes",
    "audience": "audiences",
    "organisation_type": "organisation_types",
    "evidence_level": "evidence_levels",
    "language": "languages",
}


def _check_values(params: PracticeQuery) -> list[dict[str, Any]]:
    catalog = get_catalog()
    errors = []
    for name, taxonomy in TAXONOMY_OF.items():
        known = labels(taxonomy)
        for value in getattr(params, name):
            if value not in known:
                errors.append(unknown_value(name, f"unknown {name} {value!r}"))
    errors += [
        unknown_value("template", f"unknown template {t!r}")
        for t in params.template
        if t not in catalog.templates
    ]
    errors += [
        unknown_value(name, f"unknown UF {u!r}")
        for name in ("uf", "replicated_uf")
        for u in getattr(params, name)
        if u not in state_names()
    ]
    if params.year_from and params.year_to and params.year_from > params.year_to:
        errors.append(unknown_value("year_from", "year_from comes after year_to"))
    return errors


def _check_places(
    session: Session | None, params: PracticeQuery
) -> tuple[list[dict[str, Any]], Any]:
    codes = [*params.municipality, *([params.near] if params.near is not None else [])]
    found = points(session, codes)
    errors = [
        unknown_value("municipality", f"unknown IBGE code {c}")
        for c in params.municipality
        if c not in found
    ]
    centre = None
    if params.near is not None:
        centre = found.get(params.near)
        if centre is None:
            errors.append(unknown_value("near", f"unknown IBGE code {params.near}"))
    return errors, centre


def search_practices(session: Session | None, params: PracticeQuery) -> SearchPage:
    """Published practices matching the text and facets, with facet counts. The session is
    only used for an IBGE code missing from the shipped reference (None: open one then)."""
    return SearchPage.model_validate(find_practices(session, params))


def find_practices(session: Session | None, params: PracticeQuery) -> dict[str, Any]:
    """`search_practices` as plain data in the SearchPage shape: Meilisearch's answer
    reshaped without building models, for the API to serialise at once (the hot path)."""
    return run(*checked(session, params))


async def find_practices_async(params: PracticeQuery) -> dict[str, Any]:
    """`find_practices` on the event loop (the API route): the checks are CPU only unless an
    IBGE code is missing from the shipped reference (then they read the database in a
    thread), and Meilisearch is asked without leaving the loop."""
    codes = [*params.municipality, *([params.near] if params.near is not None else [])]
    if all(code in reference_points() for code in codes):
        params, centre = checked(None, params)
    else:
        params, centre = await to_thread.run_sync(checked, None, params)
    settings = get_settings()
    with meili.for_api("search_practices"):
        raw = await meili.search_async(
            settings, PRACTICES.uid(settings), params.q, practice_search(params, centre)
        )
    return shaped(raw, params)


def checked(
    session: Session | None, params: PracticeQuery
) -> tuple[PracticeQuery, tuple[float, float] | None]:
    """The query with its UFs upper-cased and the centre of `near`; unknown filter values
    raise InvalidInput naming each one."""
    uf = [u.upper() for u in params.uf]
    replicated_uf = [u.upper() for u in params.replicated_uf]
    if uf != params.uf or replicated_uf != params.replicated_uf:
        params = params.model_copy(update={"uf": uf, "replicated_uf": replicated_uf})
    errors = _check_values(params)
    place_errors, centre = _check_places(session, params)
    if errors or place_errors:
        raise InvalidInput("unknown filter values", errors=errors + place_errors)
    return params, centre


def execute(params: PracticeQuery, centre: tuple[float, float] | None = None) -> SearchPage:
    """Run an already validated query (values are escaped regardless)."""
    return SearchPage.model_validate(run(params, centre))


def run(params: PracticeQuery, centre: tuple[float, float] | None = None) -> dict[str, Any]:
    """`execute` as plain data in the SearchPage shape."""
    settings = get_settings()
    with meili.for_api("search_practices"):
        raw = meili.search(
            settings, PRACTICES.uid(settings), params.q, practice_search(params, centre)
        )
    return shaped(raw, params)


def shaped(raw: dict[str, Any], params: PracticeQuery) -> dict[str, Any]:
    """Meilisearch's answer in the SearchPage shape."""
    return {
        "hits": [_hit(h, params.lang) for h in raw["hits"]],
        "total": raw.get("totalHits", 0),
        "page": raw.get("page", params.page),
        "per_page": raw.get("hitsPerPage", params.per_page),
        "total_pages": raw.get("totalPages", 0),
        "facets": _facets(raw.get("facetDistribution", {})),
    }


def _shown(hit: dict[str, Any], name: str, lang: str | None) -> tuple[str, str]:
    """The attribute a hit shows for `name` (its translation into the reader's language when
    it has one, else the Portuguese) and that attribute's language."""
    if lang and hit.get(f"{name}_{lang}"):
        return f"{name}_{lang}", lang
    return name, "pt-BR"


def _hit(hit: dict[str, Any], lang: str | None = None) -> dict[str, Any]:
    formatted = hit.get("_formatted", {})
    (title, title_lang), (summary, summary_lang) = (
        _shown(hit, "title", lang),
        _shown(hit, "summary", lang),
    )
    # The snippet where the words matched: the reader's translation, else the Portuguese.
    described = str(formatted.get(f"description_{lang}", "")) if lang else ""
    described = described if MARK_OPEN in described else str(formatted.get("description", ""))
    themes = hit.get("themes", [])
    names = dict(zip(themes, hit.get("theme_labels", []), strict=False))
    return {
        "id": hit["id"],
        "title": hit[title],
        "summary": hit[summary],
        "themes": [{"slug": s, "label": names.get(s, s)} for s in themes],
        "municipalities": [
            {"ibge_code": p["ibge_code"], "name": p["name"], "uf": p["uf"]}
            for p in hit.get("places", [])
        ],
        "ufs": hit.get("ufs", []),
        "organisation": {
            "name": hit.get("organisation", ""),
            "type": hit.get("organisation_type"),
        },
        # What pydantic writes for an aware UTC datetime (SearchPage documents the shape);
        # time.gmtime is a third of datetime's cost, a fifth of a hit's reshaping.
        "published_at": time.strftime(
            "%Y-%m-%dT%H:%M:%SZ", time.gmtime(hit.get("published_at", 0))
        ),
        "replication_count": hit.get("replication_count", 0),
        "highlight": {
            "title": safe_snippet(str(formatted.get(title, hit[title]))),
            "summary": safe_snippet(str(formatted.get(summary, hit[summary]))),
            "description": safe_snippet(described),
        },
        "language": title_lang,
        "summary_language": summary_lang,
    }


_label_maps: dict[tuple[int, str], tuple[object, dict[str, str]]] = {}


def labels(taxonomy: TaxonomyName) -> dict[str, str]:
    """slug -> pt-BR label of a taxonomy, built once per loaded catalog (a facet answer asks
    for dozens of labels per search)."""
    catalog = get_catalog()
    cached = _label_maps.get((id(catalog), taxonomy))
    if cached is None or cached[0] is not catalog:
        terms = getattr(catalog.taxonomies, taxonomy)
        cached = (catalog, {t.slug: t.labels.get("pt-BR") for t in terms})
        _label_maps[(id(catalog), taxonomy)] = cached
    return cached[1]


def _facets(distribution: dict[str, dict[str, int]]) -> dict[str, list[dict[str, Any]]]:
    facets = {}
    for name, attr in FACETS.items():
        counts = distribution.get(attr.value, {})
        names = state_names() if name in ("uf", "replicated_uf") else labels(TAXONOMY_OF[name])
        ordered = sorted(counts.items(), key=lambda vn: (-vn[1], names.get(vn[0], vn[0])))
        facets[name] = [{"value": v, "label": names.get(v, v), "count": n} for v, n in ordered]
    return facets
