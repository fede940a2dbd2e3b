"""A replication's public page, /replicacoes/{id}: published only (404 otherwise), the public's
view (never the contact), with a link back to its practice and share tags."""

from fastapi import Request
from fastapi.responses import Response

from app.db import DbId, SessionDep
from app.replications import service as replications
from app.web.i18n import current_lang
from app.web.kinds import page_kind
from app.web.sharing.replication import replication_share
from app.web.templating import render
from app.web.translated import reading

PAGES = page_kind("replication")
PRACTICES = page_kind("practice")


def replication_page(request: Request, session: SessionDep, item_id: DbId) -> Response:
    replication = replications.get_replication(session, None, item_id)  # the public's view
    practice_page = PRACTICES.page(replication.practice_id)
    page = PAGES.page(item_id)
    shown = reading(PAGES.kind, replication.revision.content, current_lang())
    context = {
        "r": replication,
        "content": shown.content,
        "reading": shown,
        "text_lang": shown.text_lang,
        "practice_page": practice_page,
        "share": replication_share(replication, page, practice_page, current_lang()),
    }
    return render(request, "public/replication.html", context)
