"""Organisations API: the directory, an organisation's public page and its profile, thin
routes over app.organisations.service. The curation routes of profiles (claim, decisions,
history) come from the kind's registration, at /api/v1/curation/organisation-profiles/{id}."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.accounts.deps import CurrentUser, OptionalUser
from app.accounts.limits import SUBMISSION_LIMIT
from app.curation.models import WithdrawCreate
from app.curation.routes import AcceptLanguage, Lang, chosen
from app.db import DbId, SessionDep
from app.organisations import service
from app.organisations.models import (
    OrganisationPage,
    OrganisationSummary,
    ProfileProposal,
    ProfileState,
)
from app.organisations.search import DirectoryQuery
from app.ratelimits.deps import SEARCH_LIMIT

router = APIRouter(prefix="/api/v1/organisations", tags=["organisations"])


@router.get("", response_model=list[OrganisationSummary], dependencies=[SEARCH_LIMIT])
def list_orgs(
    session: SessionDep, params: Annotated[DirectoryQuery, Query()], response: Response
) -> list[OrganisationSummary]:
    """Without words or filters, every organisation by name (with its approved profile, if
    any). With `q`, `uf`, `municipality` (IBGE code), `theme` or `type` (`osc`,
    `government`, `international`, `academia`, `private`; repeat a parameter for OR), the
    directory: full text over the approved profiles, typo-tolerant. `X-Total-Count` says how
    many match."""
    found = service.directory(session, params)
    response.headers["X-Total-Count"] = str(found.total)
    return found.items


@router.get("/{organisation_id}", response_model=OrganisationPage)
def get_organisation(
    session: SessionDep,
    organisation_id: DbId,
    response: Response,
    lang: Lang = None,
    accept: AcceptLanguage = None,
) -> OrganisationPage:
    """An organisation, its approved profile (null until curators approve one; its
    description in the language asked for where approved in it, `profile.language` says which)
    and what it published: practices and replications, newest first."""
    found = service.get_organisation(session, organisation_id, lang=chosen(lang, accept))
    response.headers["Vary"] = "Accept-Language"
    if found.profile is not None:
        response.headers["Content-Language"] = found.profile.language
    return found


@router.put(
    "/{organisation_id}/profile", response_model=ProfileState, dependencies=[SUBMISSION_LIMIT]
)
def propose_profile(
    session: SessionDep, user: CurrentUser, organisation_id: DbId, body: ProfileProposal
) -> ProfileState:
    """A member of the organisation (or a curator) proposes its whole public profile; it goes
    to the curation queue at once and the approved one stays public until curators decide.
    Sending the same profile again while it waits changes nothing."""
    return service.propose_profile(session, user, organisation_id, body)


@router.get("/{organisation_id}/profile", response_model=ProfileState)
def profile_state(session: SessionDep, user: OptionalUser, organisation_id: DbId) -> ProfileState:
    """The profile's state: its members and curators see the revision waiting for curators
    and their feedback; everyone else the approved profile (404 when none)."""
    return service.profile_state(session, user, organisation_id)


@router.post("/{organisation_id}/profile/withdraw", response_model=ProfileState)
def withdraw_profile(
    session: SessionDep,
    user: CurrentUser,
    organisation_id: DbId,
    body: WithdrawCreate | None = None,
) -> ProfileState:
    """Take the approved profile off the directory (its history stays)."""
    return service.withdraw_profile(session, user, organisation_id, body.reason if body else None)
