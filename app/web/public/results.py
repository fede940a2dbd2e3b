"""The search-results kit: one page for every searchable kind (words, facets in the URL,
order, paging, highlighted snippets), drawn by `public/results.html` with the kind's partial."""

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from markupsafe import Markup
from pydantic import ValidationError
from sqlmodel import Session

from app.accounts.deps import OptionalUser
from app.db import SessionDep
from app.errors import InvalidInput, ServiceUnavailable
from app.opendata import datasets
from app.web.i18n import _
from app.web.public.form import RADII, SearchForm
from app.web.public.kit import PublicKind, ResultsPage
from app.web.templating import render


def run(session: Session, form: SearchForm) -> tuple[ResultsPage | None, str | None]:
    """The page of results, or why there is none, in the visitor's words."""
    if form.problem:
        return None, form.problem
    try:
        return form.kind.search(session, form.query_params()), None
    except (ValidationError, InvalidInput):
        return None, _(
            "Some filters in the address were not recognised. Clear the filters and try again."
        )
    except ServiceUnavailable:
        return None, _(form.kind.unavailable)


def shown_hits(kind: PublicKind, page: ResultsPage | None) -> list[dict[str, Any]]:
    shown = []
    for hit in page.hits if page else []:
        title, snippet = kind.highlight(hit)
        # The search services escape the text and add only <mark>: safe to show.
        shown.append({"hit": hit, "title": Markup(title), "snippet": Markup(snippet)})
    return shown


def results_page(kind: PublicKind) -> Callable[..., Response]:
    def results(request: Request, session: SessionDep, user: OptionalUser) -> Response:
        form = SearchForm.from_request(request, session, kind)
        page, problem = run(session, form)
        context = {
            "kind": kind,
            "form": form,
            "page": page,
            "hits": shown_hits(kind, page),
            "problem": problem,
            "pins": form.pins_shown(session),
            "radii": RADII,
            "feed": form.feed_url() if datasets.get(kind.dataset).atom else None,
        }
        return render(request, "public/results.html", context)

    return results
