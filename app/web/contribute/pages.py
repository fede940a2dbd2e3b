"""The form kit: one kind's new, edit and send pages, made from its declaration (`kit.py`). A
failed submission comes back with every value kept and each problem beside its field; a form
carries a `form_id`, so sending it twice creates one item (the service's Idempotency-Key)."""

import secrets
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from app.accounts.limits import SUBMISSION_LIMIT
from app.accounts.models import User
from app.curation import drafts
from app.db import DbId, SessionDep
from app.errors import AppError, Conflict, ForbiddenValue, InvalidInput
from app.web.contribute import translations
from app.web.contribute.form import Form
from app.web.contribute.kit import LOCKED, FormKind, Item
from app.web.contribute.publisher import publisher
from app.web.contribute.retract import retract_url, with_curators
from app.web.contribute.sent_back import context as sent_back_context
from app.web.public.criteria import criteria_url
from app.web.security import Contributor, Posted
from app.web.templating import flash, render

FORM_ID_LENGTH = 64
# What a service refuses with the problem beside its field: invalid values (422), a state
# that does not allow them (409, e.g. a thematic call that is not open) and a value this
# user may not set (403, e.g. consent on the organisation's behalf).
REFUSALS = (InvalidInput, Conflict, ForbiddenValue)


@dataclass
class FormPage:
    """Where a kind's form is shown: empty (new) or an item's (edit), with what goes with it."""

    kind: FormKind[Any]
    session: Session
    action: str
    item_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def render(self, request: Request, form: Form, status: int = 200) -> Response:
        texts = self.kind.texts.translated()
        context = {
            "form": form,
            "action": self.action,
            "item_id": self.item_id,
            "texts": texts,
            "heading": texts.edit if self.item_id else texts.new,
            "criteria": criteria_url(self.kind.page.kind.name),
            "publisher": publisher(self.session, getattr(request.state, "user", None)),
            **self.kind.options(self.session, form),
            **self.extra,
        }
        context.update(translations.context(self.kind.page.kind, context.get("field_labels", {})))
        return render(request, self.kind.template, context, status_code=status)

    def failed(self, request: Request, form: Form, exc: AppError | None = None) -> Response:
        if isinstance(exc, Conflict) and not exc.errors:
            raise exc  # a state problem of the whole item: the error page says it
        if exc is not None:
            form.refused(exc)
        return self.render(request, form, status=exc.status_code if exc else 422)


def _new_page(kind: FormKind[Any], session: Session, form_id: str | None) -> FormPage:
    return FormPage(kind, session, kind.new_form, extra={"form_id": form_id})


def _item_page(kind: FormKind[Any], session: Session, user: User, item: Item) -> FormPage:
    extra = {"published": item.status == "published", **kind.extra(session, user, item)}
    extra.update(sent_back_context(session, user, kind, item))  # the curators' reason first
    extra["publisher"] = publisher(session, user, item)
    return FormPage(kind, session, kind.edit_form(item.id), item.id, extra)


def _editable(kind: FormKind[Any], session: Session, user: User, item: Item) -> bool:
    latest = item.pending_revision or item.revision
    return latest.status not in LOCKED and kind.may_edit(session, user, item)


def _locked(request: Request, kind: FormKind[Any], item: Item) -> Response:
    if with_curators(item):  # its authors may take it back, after a confirmation
        return RedirectResponse(retract_url(kind, item.id), status_code=303)
    context = {"texts": kind.texts.translated(), "back": kind.back_from_locked(item.id)}
    return render(request, "contribute/locked.html", context, status_code=409)


def _after_save(
    request: Request,
    session: Session,
    user: User,
    kind: FormKind[Any],
    item_id: int,
    action: Any,
    form: Form | None = None,
) -> Response:
    if action == "submit":
        try:
            kind.submit(session, user, item_id)
        except REFUSALS as exc:  # e.g. a field still missing: the draft stays as saved
            session.rollback()
            return _unsent(request, session, user, kind, item_id, form, exc)
        flash(request, kind.texts.sent)
    else:
        flash(request, kind.texts.saved)
    return RedirectResponse(kind.mine, status_code=303)


def _unsent(
    request: Request,
    session: Session,
    user: User,
    kind: FormKind[Any],
    item_id: int,
    form: Form | None,
    exc: AppError,
) -> Response:
    """The saved draft's form with what its sending lacks beside each field: the values as
    typed (or, sent from the list, as stored)."""
    item = kind.get(session, user, item_id)
    if form is None:
        form = kind.prefill(session, item)
        translations.prefill(form, kind.page.kind, (item.pending_revision or item.revision).content)
    return _item_page(kind, session, user, item).failed(request, form, exc)


def _also_what_sending_needs(form: Form, kind: FormKind[Any], posted: Posted) -> None:
    """A send refused before its draft could be saved names at once everything the sending
    needs too (the whole content's check), not only what a draft lacks."""
    if posted.get("action") == "submit":
        # What was read already: reading the form again would explain each unknown
        # municipality twice.
        form.validated(kind.page.kind.content_schema, form.last_payload)


def _form_id(posted: Posted) -> str | None:
    return str(posted.get("form_id") or "")[:FORM_ID_LENGTH] or None


def add_routes(pages: APIRouter, kind: FormKind[Any]) -> None:
    """/{path}/nova, /{path}/{id}/editar (GET and POST) and /{path}/{id}/enviar for a kind."""
    _new_routes(pages, kind)
    _edit_routes(pages, kind)

    @pages.post(f"/{kind.page.path}/{{item_id:int}}/enviar", dependencies=[SUBMISSION_LIMIT])
    def submit(request: Request, session: SessionDep, user: Contributor, item_id: DbId) -> Response:
        return _after_save(request, session, user, kind, item_id, "submit")


def _new_routes(pages: APIRouter, kind: FormKind[Any]) -> None:
    @pages.get(kind.new_form)
    def new(request: Request, session: SessionDep, user: Contributor) -> Response:
        form = kind.blank(request.query_params)
        if form is None:
            return kind.choose(request)
        return _new_page(kind, session, secrets.token_urlsafe(16)).render(request, form)

    @pages.post(kind.new_form, dependencies=[SUBMISSION_LIMIT])
    def create(
        request: Request, session: SessionDep, user: Contributor, posted: Posted
    ) -> Response:
        form, form_id = kind.read(posted, None), _form_id(posted)
        page = _new_page(kind, session, form_id)
        translations.read(form, kind.page.kind, posted)
        edits = translations.checked(form, kind.page.kind)
        body = form.validated(kind.create_schema)
        if body is None:
            _also_what_sending_needs(form, kind, posted)
            return page.failed(request, form)
        if translations.given(edits):
            body = kind.create_schema.model_validate({**body.model_dump(), "translations": edits})
        try:
            item_id = kind.create(session, user, body, f"web-{form_id}" if form_id else None)
        except REFUSALS as exc:
            return page.failed(request, form, exc)
        return _after_save(request, session, user, kind, item_id, posted.get("action"), form)


def _edit_routes(pages: APIRouter, kind: FormKind[Any]) -> None:
    @pages.get(f"/{kind.page.path}/{{item_id:int}}/editar")
    def edit(request: Request, session: SessionDep, user: Contributor, item_id: DbId) -> Response:
        item = kind.get(session, user, item_id)
        if not _editable(kind, session, user, item):
            return _locked(request, kind, item)
        form = kind.prefill(session, item)
        translations.prefill(form, kind.page.kind, (item.pending_revision or item.revision).content)
        return _item_page(kind, session, user, item).render(request, form)

    @pages.post(f"/{kind.page.path}/{{item_id:int}}/editar")
    def update(
        request: Request, session: SessionDep, user: Contributor, item_id: DbId, posted: Posted
    ) -> Response:
        item = kind.get(session, user, item_id)
        form, page = kind.read(posted, item), _item_page(kind, session, user, item)
        translations.read(form, kind.page.kind, posted)
        edits = translations.checked(form, kind.page.kind)
        content = form.validated(drafts.schema_of(kind.page.kind))  # the rest checked on send
        if content is None:
            _also_what_sending_needs(form, kind, posted)
            return page.failed(request, form)
        try:
            changes = {
                **content.model_dump(mode="json"),
                **({"translations": edits} if edits else {}),
            }
            patch = kind.update_schema.model_validate(changes)
            kind.update(session, user, item_id, patch)
        except REFUSALS as exc:
            return page.failed(request, form, exc)
        return _after_save(request, session, user, kind, item_id, posted.get("action"), form)
