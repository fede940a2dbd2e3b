"""Use cases of replications. Lifecycle and publication go through app.curation; the
contact never leaves to anyone but the replicating organisation and the curators."""

from typing import Any

from sqlmodel import Session

from app.accounts import repository as accounts
from app.accounts.models import User, is_staff
from app.curation import creation, items, rights
from app.curation import repository as curation_repo
from app.curation import service as curation
from app.curation.models import LifecycleStatus
from app.db import utcnow
from app.errors import Conflict, Forbidden, InvalidInput
from app.municipalities import repository as municipalities
from app.municipalities.models import ReplicationBrief
from app.practices.extensions import Replicated, ReplicatedPlace
from app.practices.kind import PRACTICE
from app.replications import repository as repo
from app.replications.kind import REPLICATION
from app.replications.models import (
    PRIVATE_FIELDS,
    Replication,
    ReplicationContent,
    ReplicationCreate,
    ReplicationList,
    ReplicationPublic,
    ReplicationRevision,
    ReplicationUpdate,
)


def _error(field: str, message: str, kind: str) -> dict[str, Any]:
    return {"loc": ["body", field], "msg": message, "type": kind}


def _practice(session: Session, practice_id: int) -> Any:
    """The replicated practice: it must exist (422) and be published, not archived (409)."""
    practice = curation_repo.get_subject(session, PRACTICE, practice_id)
    if practice is None:
        raise InvalidInput(
            "the practice does not exist",
            errors=[_error("practice_id", f"unknown practice {practice_id}", "unknown_practice")],
        )
    if not rights.is_public(practice):
        state = "archived" if practice.archived_at else "not published"
        raise Conflict(
            f"practice {practice_id} is {state}: only a published practice can be replicated",
            errors=[_error("practice_id", f"practice {practice_id} is {state}", "not_published")],
        )
    return practice


def _validate(session: Session, content: ReplicationContent) -> None:
    errors = []
    if not municipalities.existing_codes(session, [content.ibge_code]):
        errors.append(_error("ibge_code", f"unknown IBGE code {content.ibge_code}", "unknown_ibge"))
    today = utcnow().date()
    if content.status == "running" and content.start_date > today:
        errors.append(
            _error(
                "start_date",
                f"a running replication cannot start in the future ({content.start_date}); "
                "use the status planned",
                "value_error",
            )
        )
    if content.end_date is not None and content.end_date < content.start_date:
        errors.append(
            _error(
                "end_date",
                f"the end ({content.end_date}) is before the start ({content.start_date})",
                "value_error",
            )
        )
    if errors:
        raise InvalidInput("the replication has invalid fields", errors=errors)


def _fill(
    session: Session, revision: ReplicationRevision, practice: Any, content: ReplicationContent
) -> None:
    place = municipalities.get_many(session, [content.ibge_code])[0]
    published = curation_repo.get_revision(session, PRACTICE, practice.published_revision_id)
    revision.content = {
        **content.model_dump(mode="json"),
        # Denormalised for the queue and the lists (names of places do not change).
        "municipality_name": place.name,
        "uf": place.uf,
    }
    revision.ibge_code = place.ibge_code
    revision.ufs_key = f"|{place.uf}|"
    revision.themes_key = published.themes_key if published else ""
    revision.updated_at = utcnow()


def present(session: Session, user: User | None, replication: Replication) -> ReplicationPublic:
    """The replication as this user may see it: the public its published text without the
    contact; its organisation and curators everything."""
    manager = rights.may_manage(user, REPLICATION, replication)
    shown, pending = items.shown_revisions(session, REPLICATION, replication, manager)
    feedback = (
        curation_repo.latest_feedback(session, REPLICATION, replication.latest_revision_id or 0)
        if manager
        else None
    )
    practice = curation_repo.get_subject(session, PRACTICE, replication.practice_id)
    practice_rev = curation_repo.get_revision(session, PRACTICE, practice.published_revision_id)
    org = accounts.get_organisation(session, replication.organisation_id)
    content = shown.content
    hidden = () if manager else PRIVATE_FIELDS
    return ReplicationPublic(
        id=replication.id or 0,
        status=replication.status if manager else LifecycleStatus.published,
        practice_id=replication.practice_id,
        practice_title=practice_rev.content.get("title", "") if practice_rev else "",
        organisation={"id": replication.organisation_id, "name": org.name if org else ""},
        municipality={
            "ibge_code": content.get("ibge_code"),
            "name": content.get("municipality_name"),
            "uf": content.get("uf"),
        },
        published_at=replication.published_at,
        updated_at=replication.updated_at,
        revision=items.revision_public(shown, hidden),
        pending_revision=items.revision_public(pending, hidden) if pending else None,
        feedback=feedback.reason if feedback else None,
    )


def _new_draft(session: Session, user: User, data: ReplicationCreate) -> Replication:
    """Validate and add a draft with its first revision; the caller commits."""
    practice = _practice(session, data.practice_id)
    content = ReplicationContent.model_validate(data.model_dump())
    _validate(session, content)
    replication = Replication(
        organisation_id=creation.credited_organisation(session, user, data.organisation_id),
        practice_id=practice.id,
        status=LifecycleStatus.draft,
        created_by_id=user.id or 0,
    )
    session.add(replication)
    session.flush()
    _fill(session, curation.start(session, user, REPLICATION, replication), practice, content)
    return replication


def _visible(session: Session, user: User | None, replication_id: int) -> Replication:
    replication: Replication = curation.visible(session, user, REPLICATION, replication_id)
    return replication


def update_replication(
    session: Session, user: User, replication_id: int, patch: ReplicationUpdate
) -> ReplicationPublic:
    """Edit the working revision, or open a new revision of a published replication. The
    practice must still be published for a replication of it to change."""
    replication, content = items.patched_by_id(session, user, REPLICATION, replication_id, patch)
    assert isinstance(content, ReplicationContent)
    practice = _practice(session, replication.practice_id)
    _validate(session, content)
    revision = curation.revise(session, user, REPLICATION, replication)
    _fill(session, revision, practice, content)
    session.commit()
    return present(session, user, replication)


def submit_replication(session: Session, user: User, replication_id: int) -> ReplicationPublic:
    """Send the working revision to the curation queue."""
    _practice(session, _visible(session, user, replication_id).practice_id)
    replication = items.submit_by_id(session, user, REPLICATION, replication_id)
    return present(session, user, replication)


def replications_of_practice(
    session: Session, user: User | None, practice_id: int
) -> ReplicationList:
    """The published replications of a practice the user may see (404 otherwise)."""
    curation.visible(session, user, PRACTICE, practice_id)
    rows = repo.published_of_practices(session, [practice_id])
    items = [present(session, None, replication) for replication, _rev in rows]
    return ReplicationList(items=items, total=len(items))


def replications_of_my_practices(session: Session, user: User, limit: int) -> ReplicationList:
    """What the author's dashboard announces: who replicated my organisation's practices,
    where, newest first (published replications only)."""
    if user.organisation_id is None:
        raise Forbidden("only members of an organisation have their own practices")
    rows = repo.published_of_organisation_practices(session, user.organisation_id, limit)
    items = [present(session, user, replication) for replication, _rev in rows]
    return ReplicationList(items=items, total=len(items))


def list_own_replications(session: Session, user: User, limit: int, offset: int) -> ReplicationList:
    """The replications the user's organisation reported (staff without one: every one)."""
    if user.organisation_id is None and not is_staff(user):
        raise Forbidden("only members of an organisation have their own replications")
    rows, total = repo.list_for_organisation(session, user.organisation_id, limit, offset)
    return ReplicationList(items=[present(session, user, r) for r in rows], total=total)


def practice_summaries(session: Session, practice_ids: list[int]) -> dict[int, Replicated]:
    """How often and where each of these practices was replicated (published replications)."""
    counts: dict[int, int] = {}
    places: dict[int, dict[int, ReplicatedPlace]] = {}
    for replication, revision in repo.published_of_practices(session, practice_ids):
        content = revision.content
        counts[replication.practice_id] = counts.get(replication.practice_id, 0) + 1
        place = ReplicatedPlace(
            ibge_code=int(content["ibge_code"]),
            name=str(content.get("municipality_name", "")),
            uf=str(content.get("uf", "")),
        )
        places.setdefault(replication.practice_id, {})[place.ibge_code] = place
    return {
        practice_id: Replicated(
            count=count,
            places=sorted(places[practice_id].values(), key=lambda p: (p.name, p.uf)),
        )
        for practice_id, count in counts.items()
    }


def replicated_in(session: Session, ibge_code: int, limit: int) -> list[ReplicationBrief]:
    """The practices replicated in a municipality (its profile's section), newest first."""
    rows, _total = repo.published_in(session, ibge_code, limit)
    titles = practice_titles(session, [r.practice_id for r, _rev in rows])
    organisations = curation_repo.organisation_names(session, {r.organisation_id for r, _ in rows})
    return [
        ReplicationBrief(
            id=replication.id or 0,
            practice_id=replication.practice_id,
            practice_title=titles.get(replication.practice_id, ""),
            organisation=organisations.get(replication.organisation_id, ""),
            status=revision.content["status"],
            start_date=revision.content["start_date"],
        )
        for replication, revision in rows
    ]


def practice_titles(session: Session, practice_ids: list[int]) -> dict[int, str]:
    """The published titles of these practices."""
    published = curation_repo.published_items(session, PRACTICE, practice_ids)
    return {p.id: rev.content.get("title", "") for p, rev in published}


# The use cases every kind has, made by the engine from this kind's own pieces.
create_replication = creation.creating(REPLICATION, _new_draft)
get_replication = items.reading(REPLICATION, present)
withdraw_replication = items.withdrawing(REPLICATION, present)
