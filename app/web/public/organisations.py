"""The organisation directory, /organizacoes (words, UF, theme and type as the API's, a
municipality from the link of its page), and an organisation's page, /organizacoes/{id}: its
approved profile and what it published, in the sections the domains registered."""

from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import Response
from pydantic import ValidationError

from app.accounts.deps import OptionalUser
from app.catalog.loader import get_catalog
from app.db import DbId, SessionDep
from app.errors import InvalidInput
from app.municipalities.search import state_names
from app.organisations import service as organisations
from app.organisations.extensions import sections
from app.organisations.models import KIND_LABELS
from app.organisations.search import DirectoryQuery
from app.web.i18n import current_lang, gettext
from app.web.places import named
from app.web.templating import query, render

PATH = "/organizacoes"
PER_PAGE = 20
FILTERS = ("q", "uf", "theme", "type", "municipality")


def kind_name(slug: str) -> str:
    """An organisation type in the page's language."""
    return KIND_LABELS.get(slug, {}).get(current_lang(), slug)


def directory_page(
    request: Request,
    session: SessionDep,
    user: OptionalUser,
    q: Annotated[str, Query(max_length=200)] = "",
    uf: Annotated[str, Query(max_length=2)] = "",
    theme: Annotated[str, Query(max_length=60)] = "",
    type: Annotated[str, Query(max_length=20)] = "",
    municipality: Annotated[int | None, Query(ge=1, le=9_999_999)] = None,
    page: Annotated[int, Query(ge=1, le=500)] = 1,
) -> Response:
    chosen: dict[str, Any] = {"q": q, "uf": uf.upper(), "theme": theme, "type": type}
    chosen["municipality"] = municipality or ""
    shown = {k: v for k, v in chosen.items() if v}
    problem, found = None, None
    try:
        params = DirectoryQuery.model_validate(
            {
                **{k: ([v] if k != "q" else v) for k, v in shown.items()},
                "limit": PER_PAGE,
                "offset": (page - 1) * PER_PAGE,
            }
        )
        found = organisations.directory(session, params)
    except (InvalidInput, ValidationError):
        problem = gettext("One of the filters is not known. Clear them and choose again.")
    place = next(iter(named(session, [municipality])), None) if municipality else None
    context = {
        "found": found,
        "problem": problem,
        "filters": chosen,
        "place": place,
        "without_place": query({k: v for k, v in shown.items() if k != "municipality"}),
        "base_query": query(shown),
        "page": page,
        "pages": max(1, -(-found.total // PER_PAGE)) if found else 1,
        "ufs": sorted(state_names()),
        "themes": get_catalog().taxonomies.themes,
        "kinds": {slug: kind_name(slug) for slug in KIND_LABELS},
    }
    return render(request, "public/organisations.html", context)


def organisation_page(
    request: Request, session: SessionDep, user: OptionalUser, organisation_id: DbId
) -> Response:
    lang = current_lang()
    organisation = organisations.get_organisation(session, organisation_id, lang=lang)
    listed = [
        (s.key, s.labels.get(lang, s.labels["pt-BR"]), organisation.listed.get(s.key, []))
        for s in sections()
    ]
    profile = organisation.profile
    context: dict[str, Any] = {"o": organisation, "p": profile, "listed": listed}
    context["in_portuguese"] = ""
    if profile is not None:  # the description, marked with the language it reads in
        context["text_lang"] = {"description": profile.language}
        context["in_portuguese"] = "all" if lang != profile.language else ""
    return render(request, "public/organisation.html", {**context, "kind_name": kind_name})
