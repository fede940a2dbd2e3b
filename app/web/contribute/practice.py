"""What practices bring to the contribute kit: a form generated from the chosen catalog template
(chosen first on /praticas/nova), the practice service, the contact consent beside an item's
form, and the words of their pages."""

from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session
from starlette.datastructures import FormData, QueryParams

from app.accounts.models import User
from app.catalog.loader import get_catalog
from app.catalog.models import PracticeTemplate, TemplateField
from app.errors import NotFound
from app.municipalities.search import state_names
from app.practices import service as practices
from app.practices.models import PracticeCreate, PracticePublic
from app.privacy import service as privacy
from app.web.calls.view import choices as call_choices
from app.web.contribute.kit import Feedback, Item
from app.web.contribute.practice_form import PracticeForm, template_or_none
from app.web.i18n import _, current_lang
from app.web.labels import FIELD_LABELS, SCOPE_NAMES
from app.web.templating import render


def _template(slug: Any) -> PracticeTemplate:
    template = template_or_none(str(slug or ""))
    if template is None:
        raise NotFound("unknown template")
    return template


def blank(query: QueryParams) -> PracticeForm | None:
    template = template_or_none(query.get("modelo"))
    return PracticeForm.empty(template) if template else None


def choose(request: Request) -> Response:
    templates = list(get_catalog().templates.values())
    return render(request, "contribute/choose_template.html", {"templates": templates})


def read(posted: FormData, item: PracticePublic | None) -> PracticeForm:
    """The posted form: a new practice names its template, an edited one keeps its own."""
    slug = item.template if item is not None else posted.get("template")
    return PracticeForm.from_post(_template(slug), posted)


def prefill(_session: Session, item: PracticePublic) -> PracticeForm:
    latest = item.pending_revision or item.revision
    return PracticeForm.from_content(_template(item.template), latest.content)


def _terms(name: str) -> list[tuple[str, str]]:
    return [(t.slug, t.labels.get(current_lang())) for t in getattr(get_catalog().taxonomies, name)]


def _detail_options(tf: TemplateField) -> list[tuple[str, str]]:
    if tf.taxonomy:
        return _terms(tf.taxonomy)
    labels = tf.choice_labels or {}
    return [(c, labels[c].get(current_lang()) if c in labels else c) for c in tf.choices or []]


def form_options(session: Session, form: PracticeForm) -> dict[str, Any]:
    # In the form's order: the template's own fields come just before the contact.
    labels = {k: _(v) for k, v in FIELD_LABELS.items() if not k.startswith("contact")}
    labels.update(
        {f"details.{tf.name}": tf.labels.get(current_lang()) for tf in form.template.fields}
    )
    labels.update({k: _(v) for k, v in FIELD_LABELS.items() if k.startswith("contact")})
    return {
        "field_labels": labels,
        "themes": _terms("themes"),
        "audiences": _terms("audiences"),
        "languages": _terms("languages"),
        "evidence_levels": _terms("evidence_levels"),
        "scopes": [(k, _(v)) for k, v in SCOPE_NAMES.items()],
        "ufs": [(uf, f"{uf} — {name}") for uf, name in sorted(state_names().items())],
        "detail_options": _detail_options,
        "calls": call_choices(session, str(form.value("call_id"))),
    }


def consent(session: Session, user: User, item: PracticePublic) -> dict[str, Any]:
    return {"consent": privacy.latest_contact_consent(session, user, item.id)}


def create(session: Session, user: User, body: PracticeCreate, key: str | None) -> int:
    practice, _replayed = practices.create_practice(session, user, body, key)
    return practice.id or 0


def own(session: Session, user: User, limit: int, offset: int) -> tuple[Sequence[Item], int]:
    listing = practices.list_practices(session, user, True, None, limit, offset)
    return listing.items, listing.total


def feedback(item: PracticePublic) -> Feedback | None:
    given = item.feedback
    return (
        Feedback(given.reason, given.action, given.created_at) if given and given.reason else None
    )
