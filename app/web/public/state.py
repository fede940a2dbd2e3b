"""A state's page, /estados/{uf}: its figures (published practices, open needs, organisations
with a published profile, each linking to the page that lists them) and how fresh the
capacity data of its municipalities is. The map of Brazil links each UF here."""

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from app.accounts.deps import OptionalUser
from app.db import SessionDep
from app.municipalities import service as municipalities
from app.needs import service as needs
from app.organisations import service as organisations
from app.practices import profile as practices
from app.web.labels import freshness_name
from app.web.templating import render

PATH = "/estados"
# MG has 853 municipalities: the page lists the oldest pictures first, up to this many.
LISTED = 200


def state_path(uf: str) -> str:
    return f"{PATH}/{uf}"


def state_page(request: Request, session: SessionDep, user: OptionalUser, uf: str) -> Response:
    state = municipalities.get_state(session, uf)
    if uf != state.uf:
        return RedirectResponse(state_path(state.uf), status_code=301)
    reported, never = municipalities.state_freshness(session, state.uf, LISTED)
    freshness = municipalities.freshness_by_uf(session)[state.uf]
    context = {
        "state": state,
        "practices": practices.counts_by_uf(session).get(state.uf, 0),
        "open_needs": needs.open_needs_by_uf(session).get(state.uf, 0),
        "organisations": organisations.published_per_uf(session).get(state.uf, 0),
        "freshness": freshness_name(freshness.status.value),
        "latest_report": freshness.as_of,
        "reported": [(m, freshness_name(m.status.value)) for m in reported.items],
        "reported_total": reported.total,
        "never": never,
    }
    return render(request, "public/state.html", context)
