"""/dados-abertos: what a partner system can take from Partilha and where — the exports of
every registered dataset (CSV, JSON, NDJSON), the change feed, the Atom feeds, the DCAT
catalogue, the offline bundle of a UF and the API documentation. Linked from every footer."""

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from app.accounts.deps import OptionalUser
from app.accounts.places import places
from app.config import get_settings
from app.db import SessionDep
from app.opendata import datasets
from app.opendata.columns import Format
from app.web.i18n import N_
from app.web.templating import render

# The datasets' names in the interface language (their catalogue titles are Portuguese).
NAMES = {
    "practices": N_("Published practices"),
    "policies": N_("Migration policies"),
    "replications": N_("Replications of practices"),
    "municipalities": N_("Municipalities and their current hosting capacity"),
    "capacity-history": N_("History of hosting capacity"),
}


def _ufs(session: Session) -> list[str]:
    return sorted(places().all_ufs(session))


def open_data_page(request: Request, session: SessionDep, user: OptionalUser) -> HTMLResponse:
    shown = [
        {
            "name": spec.name,
            "title": NAMES.get(spec.name, spec.title),
            "filters": sorted(spec.filters),
            "files": [(f.value, f"/api/v1/exports/{spec.name}.{f.value}") for f in Format],
            "feed": f"/feeds/{spec.name}.atom" if spec.atom else None,
        }
        for spec in datasets.registered()
    ]
    context = {
        "datasets": shown,
        "ufs": _ufs(session),
        "license": get_settings().open_data_license,
    }
    return render(request, "public/opendata.html", context)
