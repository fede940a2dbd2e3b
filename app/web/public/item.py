"""The item-page kit: one published item of any kind (its status when not plainly published,
the curator's feedback for those who may see it, the edit link, its facts and its public
history), drawn by `public/item.html` with the kind's partial."""

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response

from app.accounts.deps import OptionalUser
from app.curation import service as curation
from app.db import DbId, SessionDep
from app.web.i18n import current_lang
from app.web.public.kit import PublicKind
from app.web.templating import render
from app.web.translated import reading


def item_page(kind: PublicKind) -> Callable[..., Response]:
    def item(request: Request, session: SessionDep, user: OptionalUser, item_id: DbId) -> Response:
        view = kind.view(session, user, item_id)
        shown = reading(kind.pages.kind, view.content, current_lang())
        context = {
            "kind": kind,
            "item": view.item,
            "content": shown.content,
            "reading": shown,
            "text_lang": shown.text_lang,
            "feedback": view.feedback,
            "can_edit": view.can_edit,
            "history": curation.history_for(session, user, kind.pages.kind, item_id),
            **view.extra,
        }
        return render(request, "public/item.html", context)

    return item
