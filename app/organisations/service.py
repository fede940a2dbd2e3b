"""Use cases of organisation profiles. Lifecycle and publication go through app.curation:
a member proposes the whole profile, curators approve it, and the public only ever reads the
approved revision (the previous one stays public while a new one waits)."""

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from app.accounts import repository as accounts
from app.accounts.models import Organisation, User
from app.catalog.loader import get_catalog
from app.core.languages import REFERENCE
from app.core.lookup import existing
from app.core.text import count_listed
from app.curation import items, rights
from app.curation import repository as curation_repo
from app.curation import service as curation
from app.curation.models import LifecycleStatus, RevisionStatus
from app.curation.translations import KEY, available, in_language, merged
from app.db import utcnow
from app.errors import InvalidInput
from app.municipalities import repository as municipalities
from app.municipalities.models import OrganisationBrief
from app.organisations import repository as repo
from app.organisations.extensions import sections_of
from app.organisations.kind import ORGANISATION_PROFILE as KIND
from app.organisations.models import (
    OrganisationPage,
    OrganisationProfile,
    OrganisationProfileContent,
    OrganisationProfileRevision,
    OrganisationSummary,
    Place,
    ProfileReview,
    ProfileState,
    PublicProfile,
)
from app.organisations.search import DirectoryQuery, search_directory
from app.search.models import FacetValue

WAITING = (RevisionStatus.submitted, RevisionStatus.in_review)


def _error(loc: list[str | int], message: str, kind: str) -> dict[str, Any]:
    return {"loc": ["body", *loc], "msg": message, "type": kind}


def _organisation(session: Session, organisation_id: int) -> Organisation:
    organisation = accounts.get_organisation(session, organisation_id)
    return existing(organisation, "organisation", organisation_id)


def _checked(session: Session, content: OrganisationProfileContent) -> list[Place]:
    """The profile's places named, or 422 naming every unknown slug, UF or IBGE code."""
    taxonomies = get_catalog().taxonomies
    errors = []
    for name, taxonomy in (("themes", "themes"), ("languages", "languages")):
        known = taxonomies.slugs(taxonomy)  # type: ignore[arg-type]
        values = getattr(content, name)
        errors += [
            _error([name, i], f"unknown {name[:-1]} {slug!r}", "unknown_slug")
            for i, slug in enumerate(values)
            if slug not in known
        ]
        if len(set(values)) != len(values):
            errors.append(_error([name], f"{name} repeats a value", "duplicate"))
    known_ufs = municipalities.all_ufs(session)
    errors += [
        _error(["ufs", i], f"unknown UF {uf!r}", "unknown_uf")
        for i, uf in enumerate(content.ufs)
        if uf not in known_ufs
    ]
    found = {m.ibge_code: m for m in municipalities.get_many(session, content.municipalities)}
    errors += [
        _error(["municipalities", i], f"unknown IBGE code {code}", "unknown_ibge")
        for i, code in enumerate(content.municipalities)
        if code not in found
    ]
    if not content.ufs and not content.municipalities:
        errors.append(_error(["ufs"], "name at least one UF or municipality", "missing"))
    if errors:
        raise InvalidInput("the profile has invalid fields", errors=errors)
    places = {code: found[code] for code in content.municipalities}  # once each, in order
    return [Place(ibge_code=m.ibge_code, name=m.name, uf=m.uf) for m in places.values()]


def _content(
    organisation: Organisation, content: OrganisationProfileContent, places: list[Place]
) -> dict[str, Any]:
    ufs = sorted({*(uf.upper() for uf in content.ufs), *(p.uf for p in places)})
    dumped = content.model_dump(mode="json")
    return {
        **dumped,
        KEY: merged({}, {KEY: dumped.get(KEY)}),  # languages left without text dropped
        "ufs": ufs,
        "municipalities": [p.ibge_code for p in places],
        # Denormalised for the queue, the pages and the exports (places' names do not change).
        "places": [p.model_dump() for p in places],
        "organisation_name": organisation.name,
    }


def _fill(revision: OrganisationProfileRevision, content: dict[str, Any]) -> None:
    revision.content = content
    revision.themes_key = _key(content["themes"])
    revision.ufs_key = _key(content["ufs"])
    revision.municipalities_key = _key(content["municipalities"])
    revision.updated_at = utcnow()


def _key(values: list[Any]) -> str:
    return "|" + "|".join(map(str, values)) + "|" if values else ""


def public_profile(
    profile: OrganisationProfile, revision: Any, lang: str = REFERENCE
) -> PublicProfile:
    """The approved revision as everyone reads it, its description in `lang` if translated."""
    c, answered = in_language(revision.content, lang)
    return PublicProfile(
        language=answered,
        text_languages=available(c),
        description=c["description"],
        website=c.get("website"),
        type=c["type"],
        ufs=c["ufs"],
        municipalities=[Place.model_validate(p) for p in c.get("places", [])],
        themes=c["themes"],
        languages=c["languages"],
        contact=c["contact"],
        revision=revision.number,
        published_at=profile.published_at,
        updated_at=revision.updated_at,
    )


def _state(session: Session, user: User | None, profile: OrganisationProfile) -> ProfileState:
    manager = rights.may_manage(user, KIND, profile)
    published = curation_repo.get_revision(session, KIND, profile.published_revision_id)
    latest = curation.latest_revision(session, KIND, profile)
    pending = latest if manager and latest.id != profile.published_revision_id else None
    feedback = curation_repo.latest_feedback(session, KIND, latest.id) if pending else None
    public = published is not None and rights.is_public(profile)
    return ProfileState(
        organisation_id=profile.id or 0,
        status=profile.status,
        published=public_profile(profile, published) if public else None,
        pending=items.revision_public(pending) if pending else None,
        feedback=feedback.reason if feedback else None,
    )


def _managed(
    session: Session, user: User, organisation_id: int
) -> tuple[OrganisationProfile | None, OrganisationProfile]:
    """The stored profile (None: none yet) and the one to write, if this user may propose it
    (its organisation's members, curators and admins; 403 otherwise)."""
    stored = curation_repo.get_subject(session, KIND, organisation_id)
    profile = stored or OrganisationProfile(
        id=organisation_id, status=LifecycleStatus.draft, created_by_id=user.id or 0
    )
    rights.require_proposer(user, KIND)
    rights.require_manager(user, KIND, profile)
    return stored, profile


def working_content(session: Session, user: User, organisation_id: int) -> dict[str, Any]:
    """What a member's form starts from: the latest revision (waiting, sent back or approved),
    or nothing for a first profile; its members and curators only (403)."""
    _organisation(session, organisation_id)
    stored, _profile = _managed(session, user, organisation_id)
    if stored is None:
        return {}
    return dict(curation.latest_revision(session, KIND, stored).content)


def propose_profile(
    session: Session, user: User, organisation_id: int, data: OrganisationProfileContent
) -> ProfileState:
    """A member (or curator) proposes the organisation's whole public profile: it is saved
    and sent to the curators at once; the approved one stays public until they decide. The
    same proposal sent again while it waits answers with its state (a retried PUT)."""
    organisation = _organisation(session, organisation_id)
    stored, profile = _managed(session, user, organisation_id)
    content = _content(organisation, data, _checked(session, data))
    if stored is None:
        session.add(profile)
        session.flush()
        revision = curation.start(session, user, KIND, profile)
    else:
        latest = curation.latest_revision(session, KIND, profile)
        if latest.status in WAITING and latest.content == content:
            return _state(session, user, profile)
        revision = curation.revise(session, user, KIND, profile)
    _fill(revision, content)
    curation.submit(session, user, KIND, profile)
    session.commit()
    return _state(session, user, profile)


def profile_state(session: Session, user: User | None, organisation_id: int) -> ProfileState:
    """The profile as this user may follow it: its organisation and curators every state and
    the curators' feedback; everyone else the approved profile (404 when there is none)."""
    _organisation(session, organisation_id)
    profile = curation.visible(session, user, KIND, organisation_id)
    return _state(session, user, profile)


def profile_for_review(session: Session, user: User, organisation_id: int) -> ProfileReview:
    """The profile as its managers and curators read it for review (404 for anyone else)."""
    organisation = _organisation(session, organisation_id)
    profile = curation.visible(session, user, KIND, organisation_id)
    manager = rights.may_manage(user, KIND, profile)
    shown, pending = items.shown_revisions(session, KIND, profile, manager)
    return ProfileReview(
        id=organisation_id,
        name=organisation.name,
        revision=items.revision_public(shown),
        pending_revision=items.revision_public(pending) if pending else None,
    )


withdraw_profile = items.withdrawing(KIND, _state)


def summaries(
    session: Session, ids: list[int] | None, limit: int, offset: int, lang: str = REFERENCE
) -> list[OrganisationSummary]:
    """Organisations by name (or these, by name) with their approved profiles in `lang`."""
    return [
        OrganisationSummary(
            id=org.id or 0,
            name=org.name,
            type=org.type,
            uf=org.uf,
            profile=public_profile(profile, revision, lang) if profile and revision else None,
        )
        for org, profile, revision in repo.organisations_with_profiles(session, ids, limit, offset)
    ]


def get_organisation(
    session: Session, organisation_id: int, listed: int = 20, lang: str = REFERENCE
) -> OrganisationPage:
    """An organisation as everyone reads it: its approved profile (in `lang` where translated)
    and what it published (its practices, replications and what other domains list)."""
    _organisation(session, organisation_id)
    summary = summaries(session, [organisation_id], 1, 0, lang)[0]
    return OrganisationPage(
        **summary.model_dump(),
        listed={key: found for key, found in sections_of(session, organisation_id, listed)},
    )


def organisations_in(session: Session, ibge_code: int) -> list[OrganisationBrief]:
    """The organisations whose approved profile names this municipality (its profile's
    section), by name."""
    return [
        OrganisationBrief(
            id=org.id or 0,
            name=org.name,
            type=revision.content["type"],
            themes=revision.content["themes"],
        )
        for org, revision in repo.published_in(session, ibge_code)
    ]


def published_per_uf(session: Session) -> dict[str, int]:
    """How many organisations have an approved profile saying they work in each UF (the map
    of Brazil counts these); UFs without any are absent."""
    return count_listed(repo.published_ufs_keys(session))


@dataclass(frozen=True)
class Directory:
    items: list[OrganisationSummary]
    total: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


def directory(session: Session, params: DirectoryQuery) -> Directory:
    """Without words or filters, every organisation by name (the reference list partners have
    always read); with them, the full-text search of approved profiles, best first."""
    if not params.is_search():
        found = summaries(session, None, params.limit, params.offset)
        return Directory(found, repo.count_organisations(session))
    hits = search_directory(params)
    by_id = {s.id: s for s in summaries(session, hits.ids, len(hits.ids) or 1, 0)}
    # The index may briefly hold a profile withdrawn a moment ago: show only what is public.
    shown = [by_id[i] for i in hits.ids if i in by_id and by_id[i].profile is not None]
    return Directory(shown, hits.total, hits.facets)
