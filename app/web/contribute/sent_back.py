"""What an item's form says first when the curators sent it back: their reason and the
criteria they answered "no", each linked to the published criteria; read from the item's
history (the engine's service), so every kind's form shows it the same way."""

from typing import Any

from sqlmodel import Session

from app.accounts.models import User
from app.catalog.loader import get_catalog
from app.curation.service import history_for
from app.web.contribute.kit import FormKind, Item
from app.web.i18n import current_lang
from app.web.public.criteria import criteria_url


def context(session: Session, user: User, kind: FormKind[Any], item: Item) -> dict[str, Any]:
    """{"sent_back": {reason, at, unmet: [(question, link)]}} while changes are requested."""
    latest = item.pending_revision or item.revision
    if latest.status != "changes_requested":
        return {}
    curated = kind.page.kind
    asked = next(
        (
            e
            for e in reversed(history_for(session, user, curated, item.id))
            if e.action == "request_changes" and e.revision_id == latest.id
        ),
        None,
    )
    if asked is None:
        return {}
    answers = asked.checklist or {}
    lang = current_lang()
    unmet = [
        (c.question.get(lang), criteria_url(curated.name, c.id))
        for c in get_catalog().criteria_for(curated.name)
        if answers.get(c.id) == "no"
    ]
    return {"sent_back": {"reason": asked.reason, "at": asked.created_at, "unmet": unmet}}
