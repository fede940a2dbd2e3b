"""The who-does-what-where (4W) dataset: one row per organisation × place × theme of every
approved profile, with HXL hashtags (the HDX and R4V convention) and IBGE codes, declared for
the open-data read side (/api/v1/exports/who-what-where.csv, data.json). A profile that names
municipalities gives a row per municipality; a UF it names without any of its municipalities
gives rows for the whole UF (no adm2)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Row
from sqlmodel import Session

from app.catalog.loader import get_catalog
from app.opendata.declared import read
from app.opendata.models import Filters
from app.opendata.repository import stream
from app.opendata.rows import iso, public_url
from app.organisations import export_repository as repo

DECLARED = read(Path(__file__).with_name("datasets.yaml"))["who-what-where"]


def _places(content: dict[str, Any], filters: Filters) -> list[tuple[str, int | None, str]]:
    """(UF, IBGE code, name) where it works: its municipalities, then the UFs it names
    without any of their municipalities; only those the filters ask for."""
    places = [(p["uf"], p["ibge_code"], p["name"]) for p in content.get("places", [])]
    covered = {uf for uf, _, _ in places}
    if not filters.municipality:  # a municipality filter asks for municipalities only
        places += [(uf, None, "") for uf in content["ufs"] if uf not in covered]
    return [
        (uf, code, name)
        for uf, code, name in places
        if (not filters.uf or uf in filters.uf)
        and (not filters.municipality or code in filters.municipality)
    ]


def who_what_where(session: Session, filters: Filters) -> Iterator[dict[str, Any]]:
    """The rows of every public profile matching the filters, in organisation id order."""
    states = repo.states(session)
    taxonomies = get_catalog().taxonomies
    for profile in stream(session, repo.profile_query(filters)):
        yield from _rows(profile, states, taxonomies, filters)


def _rows(
    profile: Row[Any], states: dict[str, tuple[int, str]], taxonomies: Any, filters: Filters
) -> Iterator[dict[str, Any]]:
    content: dict[str, Any] = profile.content
    themes = [t for t in content["themes"] if not filters.theme or t in filters.theme]
    updated = iso(profile.updated_at)
    for uf, code, name in _places(content, filters):
        uf_code, uf_name = states.get(uf, (None, ""))
        for theme in themes:
            yield {
                "organisation_id": profile.id,
                "organisation": profile.organisation_name,
                "organisation_type": content["type"],
                "organisation_url": public_url(f"/organizacoes/{profile.id}"),
                "theme": theme,
                "sector": taxonomies.label("themes", theme),
                "uf_code": uf_code,
                "uf_name": uf_name,
                "uf": uf,
                "ibge_code": code,
                "municipality_name": name,
                "updated_at": updated,
            }


WHO_WHAT_WHERE = DECLARED.spec(who_what_where, repo.last_change)
