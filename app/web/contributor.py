"""Contributor pages: my organisation's practices, the submission form, editing."""

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from app.accounts.limits import SUBMISSION_LIMIT
from app.catalog.loader import get_catalog
from app.catalog.models import PracticeTemplate, TemplateField
from app.db import DbId, SessionDep
from app.errors import InvalidInput, NotFound
from app.municipalities.search import state_names
from app.policies import service as policies
from app.practices import service as practices
from app.practices.models import PracticeContent, PracticeCreate, PracticeUpdate
from app.privacy import service as privacy
from app.web.i18n import N_, _, current_lang, use_language
from app.web.practice_form import PracticeForm, template_or_none
from app.web.security import Contributor, Posted, check_csrf, load_user
from app.web.templating import flash, render
from app.web.views import FIELD_LABELS, SCOPE_NAMES

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)
PER_PAGE = 20
LOCKED = ("submitted", "in_review")
POLICIES_SHOWN = 50


def _terms(name: str) -> list[tuple[str, str]]:
    return [(t.slug, t.labels.get(current_lang())) for t in getattr(get_catalog().taxonomies, name)]


def _detail_options(tf: TemplateField) -> list[tuple[str, str]]:
    if tf.taxonomy:
        return _terms(tf.taxonomy)
    labels = tf.choice_labels or {}
    return [(c, labels[c].get(current_lang()) if c in labels else c) for c in tf.choices or []]


def _form_page(
    request: Request, form: PracticeForm, action: str, status: int = 200, **extra: Any
) -> Response:
    labels = {k: _(v) for k, v in FIELD_LABELS.items()}
    labels.update(
        {f"details.{tf.name}": tf.labels.get(current_lang()) for tf in form.template.fields}
    )
    context = {
        "form": form,
        "action": action,
        "field_labels": labels,
        "themes": _terms("themes"),
        "audiences": _terms("audiences"),
        "languages": _terms("languages"),
        "evidence_levels": _terms("evidence_levels"),
        "scopes": [(k, _(v)) for k, v in SCOPE_NAMES.items()],
        "ufs": [(uf, f"{uf} — {name}") for uf, name in sorted(state_names().items())],
        "detail_options": _detail_options,
        **extra,
    }
    return render(request, "contributor/practice_form.html", context, status_code=status)


@router.get("/minhas-praticas")
def my_practices(
    request: Request,
    session: SessionDep,
    user: Contributor,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    listing = practices.list_practices(session, user, True, None, PER_PAGE, (page - 1) * PER_PAGE)
    pages = max(1, -(-listing.total // PER_PAGE))
    own_policies = policies.list_own_policies(session, user, POLICIES_SHOWN, 0)
    context = {
        "listing": listing,
        "page": page,
        "pages": pages,
        "locked": LOCKED,
        "policies": own_policies,
    }
    return render(request, "contributor/my_practices.html", context)


@router.get("/praticas/nova")
def new_practice(request: Request, user: Contributor, modelo: str | None = None) -> Response:
    template = template_or_none(modelo)
    if template is None:
        templates = list(get_catalog().templates.values())
        return render(request, "contributor/choose_template.html", {"templates": templates})
    form = PracticeForm.empty(template)
    return _form_page(request, form, "/praticas/nova", form_id=secrets.token_urlsafe(16))


def _template_from_post(raw: Any) -> PracticeTemplate:
    template = template_or_none(str(raw or ""))
    if template is None:
        raise NotFound("unknown template")
    return template


def _checked(form: PracticeForm, model: type[PracticeContent]) -> Any:
    """The payload validated by the model, with every problem (conversion and model) placed
    on the form at once; None when there is any."""
    payload = form.payload()
    try:
        body = model.model_validate({**payload, "template": form.template.slug})
    except ValidationError as exc:
        form.place_errors([dict(e) for e in exc.errors()])
        return None
    return None if form.errors or form.general else body


def _failed(
    request: Request,
    form: PracticeForm,
    action: str,
    exc: InvalidInput | None = None,
    **extra: Any,
) -> Response:
    if exc is not None:
        form.place_errors(exc.errors)
        if not form.errors and not form.general:
            form.general.append(exc.message)
    return _form_page(request, form, action, status=422, **extra)


@router.post("/praticas/nova", dependencies=[SUBMISSION_LIMIT])
def create_practice(
    request: Request, session: SessionDep, user: Contributor, posted: Posted
) -> Response:
    form = PracticeForm.from_post(_template_from_post(posted.get("template")), posted)
    form_id = str(posted.get("form_id") or "")[:64] or None
    body = _checked(form, PracticeCreate)
    if body is None:
        return _failed(request, form, "/praticas/nova", form_id=form_id)
    try:
        key = f"web-{form_id}" if form_id else None
        practice, _replayed = practices.create_practice(session, user, body, key)
    except InvalidInput as exc:
        return _failed(request, form, "/praticas/nova", exc, form_id=form_id)
    return _after_save(request, session, user, practice.id or 0, posted.get("action"))


def _after_save(
    request: Request, session: SessionDep, user: Any, practice_id: DbId, action: Any
) -> Response:
    if action == "submit":
        practices.submit_practice(session, user, practice_id)
        flash(request, N_("Practice sent to curation. You will see the curators' feedback here."))
    else:
        flash(request, N_("Draft saved."))
    return RedirectResponse("/minhas-praticas", status_code=303)


@router.get("/praticas/{practice_id:int}/editar")
def edit_practice(
    request: Request, session: SessionDep, user: Contributor, practice_id: DbId
) -> Response:
    practice = practices.get_managed_practice(session, user, practice_id)
    latest = practice.pending_revision or practice.revision
    if latest.status.value in LOCKED:
        return render(request, "contributor/locked.html", {"practice": practice}, status_code=409)
    template = _template_from_post(practice.template)
    form = PracticeForm.from_content(template, latest.content)
    return _form_page(
        request,
        form,
        f"/praticas/{practice_id}/editar",
        practice_id=practice_id,
        published=practice.status.value == "published",
        consent=privacy.latest_contact_consent(session, user, practice_id),
    )


@router.post("/praticas/{practice_id:int}/editar")
def update_practice(
    request: Request, session: SessionDep, user: Contributor, practice_id: DbId, posted: Posted
) -> Response:
    practice = practices.get_managed_practice(session, user, practice_id)
    form = PracticeForm.from_post(_template_from_post(practice.template), posted)
    action = f"/praticas/{practice_id}/editar"
    extra: dict[str, Any] = {
        "practice_id": practice_id,
        "published": practice.status.value == "published",
        "consent": privacy.latest_contact_consent(session, user, practice_id),
    }
    content = _checked(form, PracticeContent)
    if content is None:
        return _failed(request, form, action, **extra)
    try:
        patch = PracticeUpdate.model_validate(content.model_dump(mode="json"))
        practices.update_practice(session, user, practice_id, patch)
    except InvalidInput as exc:
        return _failed(request, form, action, exc, **extra)
    return _after_save(request, session, user, practice_id, posted.get("action"))


@router.post("/praticas/{practice_id:int}/enviar", dependencies=[SUBMISSION_LIMIT])
def submit_practice(
    request: Request, session: SessionDep, user: Contributor, practice_id: DbId
) -> Response:
    return _after_save(request, session, user, practice_id, "submit")
