"""The curation queue: every kind's waiting items in one list, oldest first, with filters; each
item links to its kind's review page."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from app.accounts.models import User
from app.catalog.loader import get_catalog
from app.curation import queue as curation_queue
from app.curation import registry
from app.curation.kinds import CuratedKind
from app.curation.models import QueuePage
from app.db import SessionDep
from app.municipalities.search import state_names
from app.web.i18n import current_lang, use_language
from app.web.kinds import PAGE_KINDS
from app.web.security import Curator, check_csrf, load_user
from app.web.templating import query, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)
PER_PAGE = 25


@dataclass
class QueueFilters:
    theme: Annotated[str, Query(max_length=60)] = ""
    uf: Annotated[str, Query(max_length=2)] = ""
    template: Annotated[str, Query(max_length=40)] = ""
    kind: Annotated[str, Query(max_length=40)] = ""
    page: Annotated[int, Query(ge=1, le=10_000)] = 1

    def chosen(self) -> CuratedKind | None:
        return registry.find(self.kind) if self.kind else None

    def shown(self) -> dict[str, str]:
        """The filters as the page shows them and repeats them in its links."""
        chosen = self.chosen()
        kind = chosen.name if chosen else ""
        return {"theme": self.theme, "uf": self.uf.upper(), "template": self.template, "kind": kind}

    def listing(self, session: Session, user: User) -> QueuePage:
        return curation_queue.get_queue(
            session,
            user,
            self.chosen(),
            self.theme or None,
            self.uf.upper() or None,
            self.template or None,
            PER_PAGE,
            (self.page - 1) * PER_PAGE,
        )


APPROVED = "aprovado"  # ?aprovado=<kind>:<id>, set by the review page after an approval


def _approved(raw: str) -> str | None:
    """The public page of the item just approved, from the queue's address."""
    name, _, item_id = raw.partition(":")
    page = PAGE_KINDS.get(name)
    return page.page(int(item_id)) if page and item_id.isdigit() and len(item_id) < 10 else None


def _kinds() -> dict[str, tuple[str, str]]:
    """Each kind's name -> (one item, many), in the interface language."""
    lang = current_lang()
    labels = {name: page.kind.labels for name, page in PAGE_KINDS.items()}
    return {name: (lab.singular[lang], lab.plural[lang]) for name, lab in labels.items()}


@router.get("/curadoria")
def queue(
    request: Request,
    session: SessionDep,
    user: Curator,
    filters: Annotated[QueueFilters, Depends()],
) -> Response:
    shown, listing = filters.shown(), filters.listing(session, user)
    context = {
        "listing": listing,
        "filters": shown,
        "page": filters.page,
        "pages": max(1, -(-listing.total // PER_PAGE)),
        "themes": get_catalog().taxonomies.themes,
        "templates": get_catalog().templates,
        "ufs": sorted(state_names()),
        "kinds": _kinds(),
        "page_kinds": PAGE_KINDS,
        "base_query": query(shown),
        "approved_page": _approved(request.query_params.get(APPROVED, "")),
    }
    return render(request, "curate/queue.html", context)
