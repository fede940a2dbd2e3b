"""Public pages: home, search results, a practice, a municipality, policies."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from markupsafe import Markup
from pydantic import ValidationError

from app.accounts.deps import OptionalUser
from app.catalog.loader import get_catalog
from app.curation import service as curation
from app.db import DbId, IbgeCode, SessionDep
from app.errors import InvalidInput, ServiceUnavailable
from app.municipalities import service as municipalities
from app.municipalities.access import can_report
from app.practices import search
from app.practices import service as practices
from app.practices.kind import PRACTICE
from app.practices.search_models import PracticeQuery, SearchPage
from app.ratelimits.deps import SEARCH_LIMIT
from app.web.chart import capacity_chart
from app.web.i18n import _, use_language
from app.web.places import named
from app.web.search_form import FACET_TITLES, FACETS, RADII, SORTS, TAXONOMY, SearchForm
from app.web.security import check_csrf, load_user
from app.web.templating import render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)
LATEST_ON_HOME = 6
HISTORY_POINTS = 36


@router.get("/")
def home(request: Request, session: SessionDep, user: OptionalUser) -> Response:
    latest = practices.list_practices(session, None, False, None, LATEST_ON_HOME, 0)
    themes = get_catalog().taxonomies.themes
    return render(request, "public/home.html", {"latest": latest.items, "themes": themes})


@router.get("/praticas/{practice_id:int}")
def practice_page(
    request: Request, session: SessionDep, user: OptionalUser, practice_id: DbId
) -> Response:
    practice = practices.get_practice(session, user, practice_id)
    history = curation.history_for(session, user, PRACTICE, practice_id)
    content = practice.revision.content
    places = named(session, content.get("municipalities", []))
    manager = user is not None and (
        user.organisation_id == practice.organisation.get("id") or user.role in ("curator", "admin")
    )
    can_edit = (
        manager and practice.status != "archived" and user is not None and user.role != "gov_editor"
    )
    context = {
        "practice": practice,
        "content": content,
        "places": places,
        "history": history,
        "can_edit": can_edit,
    }
    return render(request, "public/practice.html", context)


def _run_search(session: SessionDep, form: SearchForm) -> tuple[SearchPage | None, str | None]:
    try:
        params = PracticeQuery.model_validate(form.query_params())
        return search.search_practices(session, params), None
    except (ValidationError, InvalidInput):
        return None, _(
            "Some filters in the address were not recognised. Clear the filters and try again."
        )
    except ServiceUnavailable:
        return None, _(
            "Search is temporarily unavailable. The practices are safe; try again in a few minutes."
        )


@router.get("/busca", dependencies=[SEARCH_LIMIT])
def results(
    request: Request,
    session: SessionDep,
    user: OptionalUser,
    near: Annotated[str, Query(max_length=120)] = "",
) -> Response:
    form = SearchForm.from_request(request)
    if near.strip():
        form.resolve_near(session, near.strip())
    page, problem = _run_search(session, form) if not form.problem else (None, form.problem)
    hits = []
    for hit in page.hits if page else []:
        hits.append(
            {
                "hit": hit,
                # safe_snippet escaped Meilisearch's text and added only <mark>: safe to show.
                "title": Markup(hit.highlight.title),
                "snippet": Markup(hit.highlight.description or hit.highlight.summary),
            }
        )
    context = {
        "form": form,
        "page": page,
        "hits": hits,
        "problem": problem,
        "radii": RADII,
        "sorts": SORTS,
        "facet_names": FACETS,
        "facet_titles": FACET_TITLES,
        "taxonomy": TAXONOMY,
    }
    return render(request, "public/results.html", context)


@router.get("/municipios/{ibge_code:int}")
def municipality_page(
    request: Request, session: SessionDep, user: OptionalUser, ibge_code: IbgeCode
) -> Response:
    profile = municipalities.municipality_profile(session, user, ibge_code)
    history = municipalities.list_reports(session, user, ibge_code, HISTORY_POINTS, 0).items
    chart = capacity_chart([(r.as_of, r.totals.total, r.totals.occupied) for r in history])
    can_write = user is not None and can_report(user, ibge_code, profile.uf)
    context = {"m": profile, "history": history, "chart": chart, "can_write": can_write}
    return render(request, "public/municipality.html", context)
