"""/criterios-de-curadoria: the published criteria the curators answer for each kind, in the
reader's language, each with its own anchor (the forms link here; a sent-back item's form links
the criteria answered "no")."""

from fastapi import Request
from fastapi.responses import HTMLResponse

from app.accounts.deps import OptionalUser
from app.catalog.loader import get_catalog
from app.web.i18n import N_
from app.web.templating import render

PATH = "/criterios-de-curadoria"
# The kinds whose checklists are published, in the order the page lists them.
KINDS = {
    "practice": N_("Practices"),
    "policy": N_("Policies"),
    "replication": N_("Replications"),
}


def criteria_url(kind: str, criterion_id: str = "") -> str:
    """The kind's criteria on the page, or one of them."""
    return f"{PATH}#{kind}-{criterion_id}" if criterion_id else f"{PATH}#{kind}"


def criteria_page(request: Request, user: OptionalUser) -> HTMLResponse:
    catalog = get_catalog()
    sections = [(kind, title, catalog.criteria_for(kind)) for kind, title in KINDS.items()]
    return render(request, "public/criteria.html", {"sections": sections})
