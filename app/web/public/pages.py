"""The home page and a municipality's page."""

from fastapi import Request
from fastapi.responses import Response

from app.accounts.deps import OptionalUser
from app.catalog.loader import get_catalog
from app.db import IbgeCode, SessionDep
from app.municipalities import service as municipalities
from app.municipalities.access import can_report
from app.needs import access as need_access
from app.needs import service as needs
from app.needs.models import NeedStatus
from app.needs.suggestions import suggestions_for
from app.practices import service as practices
from app.web.calls.view import open_calls
from app.web.chart import capacity_chart
from app.web.i18n import current_lang
from app.web.sharing.service import municipality_share
from app.web.templating import render

LATEST_ON_HOME = 6
CALLS_ON_HOME = 5
HISTORY_POINTS = 36
SUGGESTED = 5


def home(request: Request, session: SessionDep, user: OptionalUser) -> Response:
    latest = practices.list_practices(session, None, False, None, LATEST_ON_HOME, 0)
    themes = get_catalog().taxonomies.themes
    context = {
        "latest": latest.items,
        "themes": themes,
        "calls": open_calls(session, CALLS_ON_HOME),
    }
    return render(request, "public/home.html", context)


def municipality_page(
    request: Request, session: SessionDep, user: OptionalUser, ibge_code: IbgeCode
) -> Response:
    profile = municipalities.municipality_profile(session, user, ibge_code)
    history = municipalities.list_reports(session, user, ibge_code, HISTORY_POINTS, 0).items
    chart = capacity_chart([(r.as_of, r.totals.total, r.totals.occupied) for r in history])
    can_write = user is not None and can_report(user, ibge_code, profile.uf)
    share = municipality_share(profile, f"/municipios/{ibge_code}", current_lang())
    context = {"m": profile, "history": history, "chart": chart, "can_write": can_write}
    context["open_needs"] = needs.list_needs(session, ibge_code=ibge_code, status=NeedStatus.open)
    context["suggestions"] = suggestions_for(session, ibge_code, current_lang(), SUGGESTED)
    context["can_post_need"] = user is not None and need_access.can_post(
        user, ibge_code, profile.uf
    )
    return render(request, "public/municipality.html", {**context, "share": share})
