"""The practice kind's public pages: searched at /busca (near a municipality too), shown at
/praticas/{id}."""

from typing import Any

from sqlmodel import Session

from app.accounts.models import User, is_staff
from app.practices import search
from app.practices import service as practices
from app.practices.search_models import PracticeHit, PracticeQuery, SearchPage
from app.replications import service as replications
from app.web.calls.view import title as call_title
from app.web.i18n import N_, current_lang
from app.web.kinds import page_kind
from app.web.labels import action_name
from app.web.places import named
from app.web.public.kit import Facet, ItemView, Pin, PublicKind, taxonomy_facet
from app.web.sharing.service import practice_share

PAGES = page_kind("practice")


def _search(session: Session, params: dict[str, Any]) -> SearchPage:
    # Titles and summaries in the reader's language where a translation has them.
    query = PracticeQuery.model_validate({**params, "lang": current_lang()})
    return search.search_practices(session, query)


def _highlight(hit: PracticeHit) -> tuple[str, str]:
    return hit.highlight.title, hit.highlight.description or hit.highlight.summary


def _view(session: Session, user: User | None, practice_id: int) -> ItemView:
    practice = practices.get_practice(session, user, practice_id)
    content = practice.revision.content
    member = user is not None and user.organisation_id == practice.organisation.get("id")
    can_edit = (
        (member or is_staff(user))
        and practice.status != "archived"
        and user is not None
        and user.role != "gov_editor"
    )
    feedback = practice.feedback.reason if practice.feedback else None
    places = named(session, content.get("municipalities", []))
    replicated = replications.replications_of_practice(session, user, practice_id).items
    share = practice_share(practice, places, PAGES.page(practice_id), current_lang())
    extra = {"places": places, "replications": replicated, "share": share}
    return ItemView(practice, content, feedback, can_edit, extra)


PRACTICE_PAGES = PublicKind(
    pages=PAGES,
    search_path="/busca",
    search=_search,
    highlight=_highlight,
    facets=(
        taxonomy_facet("theme", N_("Theme"), "themes"),
        Facet("uf", N_("State (UF)"), lambda f: f.label),
        taxonomy_facet("audience", N_("Audience"), "audiences"),
        taxonomy_facet("evidence_level", N_("Evidence level"), "evidence_levels"),
        taxonomy_facet("organisation_type", N_("Type of organisation"), "organisation_types"),
        # The languages the practice serves people in, not those its text reads in.
        taxonomy_facet("language", N_("Languages served"), "languages"),
    ),
    unavailable=N_(
        "Search is temporarily unavailable. The practices are safe; try again in a few minutes."
    ),
    view=_view,
    event_name=action_name,
    partial="public/kinds/practice.html",
    dataset="practices",
    near=True,
    pins=(Pin("call", N_("Answers to the call “%(name)s”."), call_title),),
)
