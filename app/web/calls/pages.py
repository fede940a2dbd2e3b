"""The public pages of thematic calls: /chamadas (open, upcoming, closed) and /chamadas/{id}
(its terms, its answers, its feed and the search of its answers)."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app.accounts.deps import OptionalUser
from app.calls import service as calls
from app.db import DbId, SessionDep
from app.web.calls import view
from app.web.i18n import current_lang, use_language
from app.web.public.practice import PRACTICE_PAGES
from app.web.security import check_csrf, load_user
from app.web.sharing.service import call_share
from app.web.templating import query, render

LIST = "/chamadas"

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)


@router.get(LIST)
def calls_page(request: Request, session: SessionDep, user: OptionalUser) -> Response:
    return render(request, "calls/list.html", {"calls": view.listing(session)})


@router.get(f"{LIST}/{{call_id:int}}")
def call_page(request: Request, session: SessionDep, user: OptionalUser, call_id: DbId) -> Response:
    call = calls.get_call(session, call_id)
    places = view.places(session, call)
    context = {
        "call": call,
        "places": places,
        "feed": f"/feeds/calls/{call_id}.atom",
        "answers_search": f"{PRACTICE_PAGES.search_path}?" + query({"call": call_id}),
        "share": call_share(call, places, f"{LIST}/{call_id}", current_lang()),
    }
    return render(request, "calls/call.html", context)
