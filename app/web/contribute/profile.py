"""A member proposes their organisation's public profile on the site,
/organizacoes/{id}/perfil: the same use case as PUT /api/v1/organisations/{id}/profile (it goes
to the curators at once), every value kept and each problem beside its field when refused."""

from typing import Any, ClassVar

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from app.accounts.models import User
from app.catalog.loader import get_catalog
from app.db import DbId, SessionDep
from app.errors import AppError
from app.municipalities.search import state_names
from app.organisations import service as organisations
from app.organisations.kind import ORGANISATION_PROFILE
from app.organisations.models import KIND_LABELS, OrganisationProfileContent, ProfileProposal
from app.web.contribute import translations
from app.web.contribute.form import Form, lines
from app.web.i18n import N_, current_lang, gettext, use_language
from app.web.security import Contributor, Posted, check_csrf, load_user
from app.web.templating import flash, render

CHANNEL_NAMES = {
    "email": N_("E-mail"),
    "phone": N_("Phone"),
    "whatsapp": N_("WhatsApp"),
    "website": N_("Website"),
}


class ProfileForm(Form):
    messages: ClassVar[dict[str, str]] = {
        "Value error, not a valid phone number": N_(
            "Enter a phone number with its area code, e.g. +55 95 3621-0000."
        ),
        "Value error, not a valid website address": N_(
            "Enter a web address starting with https:// or http://."
        ),
        "name at least one UF or municipality": N_("Choose at least one state or municipality."),
    }
    renamed: ClassVar[dict[str, str]] = {"contact": "contact_value"}

    def payload(self) -> dict[str, Any]:
        codes = [self.place("municipalities", text) for text in lines(self.value("municipalities"))]
        return {
            "description": self.value("description"),
            "website": self.value("website") or None,
            "type": self.value("type"),
            "ufs": self.value("ufs", []),
            "municipalities": [code for code in codes if code is not None],
            "themes": self.value("themes", []),
            "languages": self.value("languages", []),
            "contact": {
                "channel": self.value("contact_channel"),
                "value": self.value("contact_value"),
            },
        }


def _values(content: dict[str, Any]) -> dict[str, Any]:
    """A stored profile as its form shows it again."""
    places = content.get("places", [])
    return {
        **{k: content.get(k, "") for k in ("description", "type", "ufs", "themes", "languages")},
        "website": content.get("website") or "",
        "municipalities": "\n".join(f"{p['name']}/{p['uf']}" for p in places),
        "contact_channel": content.get("contact", {}).get("channel", ""),
        "contact_value": content.get("contact", {}).get("value", ""),
    }


def _page(
    request: Request, session: Session, user: User, org_id: int, form: ProfileForm, status: int
) -> Response:
    taxonomies, lang = get_catalog().taxonomies, current_lang()
    context = {
        "form": form,
        "organisation": organisations.get_organisation(session, org_id, listed=0),
        "kinds": [(slug, labels[lang]) for slug, labels in KIND_LABELS.items()],
        "ufs": [(uf, uf) for uf in sorted(state_names())],
        "themes": [(t.slug, t.labels.get(lang)) for t in taxonomies.themes],
        "languages": [(t.slug, t.labels.get(lang)) for t in taxonomies.languages],
        "channels": [(key, gettext(name)) for key, name in CHANNEL_NAMES.items()],
    }
    described = {"description": gettext("What the organisation does")}
    shown = translations.context(ORGANISATION_PROFILE, described)
    context["translation_fields"] = shown["translation_fields"]
    context["translation_labels"] = shown["field_labels"]
    return render(request, "contribute/profile_form.html", context, status_code=status)


router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(load_user), Depends(check_csrf), Depends(use_language)],
)
PATH = "/organizacoes/{organisation_id:int}/perfil"


@router.get(PATH)
def profile_form(
    request: Request, session: SessionDep, user: Contributor, organisation_id: DbId
) -> Response:
    content = organisations.working_content(session, user, organisation_id)
    form = ProfileForm(_values(content))
    translations.prefill(form, ORGANISATION_PROFILE, content)
    return _page(request, session, user, organisation_id, form, 200)


@router.post(PATH)
def propose_profile(
    request: Request, session: SessionDep, user: Contributor, organisation_id: DbId, posted: Posted
) -> Response:
    single = ("description", "website", "type", "municipalities", "contact_channel")
    values: dict[str, Any] = {k: str(posted.get(k, "")) for k in (*single, "contact_value")}
    values |= {k: [str(v) for v in posted.getlist(k)] for k in ("ufs", "themes", "languages")}
    form = ProfileForm(values)
    translations.read(form, ORGANISATION_PROFILE, posted)
    edits = translations.checked(form, ORGANISATION_PROFILE)  # problems beside their fields
    body = form.validated(OrganisationProfileContent)
    if body is not None:
        # The whole profile is proposed: an emptied translation field is left out of it.
        whole = {**body.model_dump(mode="json"), "translations": edits}
        try:
            proposal = ProfileProposal.model_validate(whole)
            organisations.propose_profile(session, user, organisation_id, proposal)
        except AppError as exc:
            if exc.status_code == 403:
                raise
            form.refused(exc)
        else:
            flash(request, N_("Your profile was sent to the curators."))
            return RedirectResponse(f"/organizacoes/{organisation_id}", status_code=303)
    return _page(request, session, user, organisation_id, form, 422)
