"""What replications bring to the contribute kit: a form of fixed fields for a published
practice (chosen on its page, "We replicated this practice"), the replication service, and the
words of their pages; they are listed on "my items" under #replicacoes."""

from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData, QueryParams

from app.accounts.models import User, is_staff
from app.replications import service as replications
from app.replications.models import ReplicationCreate, ReplicationPublic
from app.web.contribute.kit import Feedback, Item
from app.web.contribute.replication_form import ReplicationForm
from app.web.i18n import N_
from app.web.kinds import page_kind
from app.web.labels import replication_status
from app.web.places import typed_label
from app.web.replication import field_labels, statuses
from app.web.templating import flash

PRACTICE_PARAM = "pratica"  # the practice page's link: /replicacoes/nova?pratica={id}
PRACTICES = page_kind("practice")


def blank(query: QueryParams) -> ReplicationForm | None:
    chosen = query.get(PRACTICE_PARAM, "")
    return ReplicationForm.empty(int(chosen)) if chosen.isdigit() else None


def choose(request: Request) -> Response:
    """Without a practice: find it first; its page has the link to this form."""
    flash(
        request,
        N_(
            "Find the practice you replicated and choose “We replicated this practice” on its page."
        ),
    )
    return RedirectResponse("/busca", status_code=303)


def read(posted: FormData, item: ReplicationPublic | None) -> ReplicationForm:
    """The posted form: a new replication names its practice, an edited one keeps its own."""
    practice_id = item.practice_id if item is not None else posted.get("practice_id")
    return ReplicationForm.from_post(posted, practice_id)


def prefill(session: Session, item: ReplicationPublic) -> ReplicationForm:
    latest = item.pending_revision or item.revision
    place = typed_label(session, latest.content.get("ibge_code"))
    return ReplicationForm.from_content(item.practice_id, latest.content, place)


def form_options(session: Session, form: ReplicationForm) -> dict[str, Any]:
    chosen = str(form.value("practice_id"))
    practice = int(chosen) if chosen.isdigit() else 0
    titles = replications.practice_titles(session, [practice]) if practice else {}
    return {
        "field_labels": field_labels(),
        "statuses": statuses(),
        "practice_title": titles.get(practice),
        "practice_page": PRACTICES.page(practice) if practice else None,
    }


def may_edit(_session: Session, user: User, item: ReplicationPublic) -> bool:
    return is_staff(user) or user.organisation_id == item.organisation.get("id")


def create(session: Session, user: User, body: ReplicationCreate, key: str | None) -> int:
    replication, _replayed = replications.create_replication(session, user, body, key)
    return replication.id or 0


def own(session: Session, user: User, limit: int, offset: int) -> tuple[Sequence[Item], int]:
    listing = replications.list_own_replications(session, user, limit, offset)
    return listing.items, listing.total


def feedback(item: ReplicationPublic) -> Feedback | None:
    return Feedback(item.feedback) if item.feedback else None


def situation(content: dict[str, Any]) -> str:
    return replication_status(str(content.get("status", "")))
