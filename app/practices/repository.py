"""Queries over practices, revisions, idempotency records and contact consents."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from app.curation.models import RevisionStatus
from app.db import page, where_given
from app.practices.models import (
    ConsentPurpose,
    ConsentRecord,
    LifecycleStatus,
    Practice,
    PracticeExternalId,
    PracticeRevision,
)


def get_practice(session: Session, practice_id: int) -> Practice | None:
    return session.get(Practice, practice_id)


def get_revision(session: Session, revision_id: int | None) -> PracticeRevision | None:
    return session.get(PracticeRevision, revision_id) if revision_id else None


def list_for_organisation(
    session: Session,
    organisation_id: int | None,
    status: LifecycleStatus | None,
    limit: int,
    offset: int,
) -> tuple[list[Practice], int]:
    query = where_given(
        select(Practice), (Practice.organisation_id, organisation_id), (Practice.status, status)
    )
    return page(session, query, col(Practice.updated_at).desc(), limit=limit, offset=offset)


def list_published(session: Session, limit: int, offset: int) -> tuple[list[Practice], int]:
    query = select(Practice).where(
        col(Practice.published_revision_id).is_not(None), col(Practice.archived_at).is_(None)
    )
    return page(session, query, col(Practice.published_at).desc(), limit=limit, offset=offset)


def get_external_id(
    session: Session, organisation_id: int, external_id: str
) -> PracticeExternalId | None:
    return session.exec(
        select(PracticeExternalId).where(
            PracticeExternalId.organisation_id == organisation_id,
            PracticeExternalId.external_id == external_id,
        )
    ).first()


def latest_consent(
    session: Session, practice_id: int, purpose: ConsentPurpose
) -> ConsentRecord | None:
    query = (
        select(ConsentRecord)
        .where(ConsentRecord.practice_id == practice_id, ConsentRecord.purpose == purpose)
        .order_by(col(ConsentRecord.id).desc())
    )
    return session.exec(query.limit(1)).first()


# --- published practices by municipality (the municipality profile) --------------------


def _published() -> Any:
    return (
        select(Practice, PracticeRevision)
        .join(PracticeRevision, col(PracticeRevision.id) == col(Practice.published_revision_id))
        .where(col(Practice.archived_at).is_(None))
    )


def published_practices_in(
    session: Session, ibge_code: int, limit: int
) -> tuple[list[tuple[Practice, PracticeRevision]], int]:
    """Published practices whose published revision names this municipality, newest first."""
    query = _published().where(col(PracticeRevision.municipalities_key).contains(f"|{ibge_code}|"))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(Practice.published_at).desc()).limit(limit))
    return [(p, r) for p, r in rows], total


def practice_counts_by_municipality(session: Session) -> dict[int, int]:
    """How many published practices name each municipality (scans published revisions only)."""
    keys = session.exec(
        select(PracticeRevision.municipalities_key)
        .join(Practice, col(PracticeRevision.id) == col(Practice.published_revision_id))
        .where(col(Practice.archived_at).is_(None), PracticeRevision.municipalities_key != "")
    )
    counts: dict[int, int] = {}
    for key in keys:
        for code in key.strip("|").split("|"):
            if code.isdigit():
                counts[int(code)] = counts.get(int(code), 0) + 1
    return counts


def published_on_themes(
    session: Session, themes: Sequence[str], limit: int
) -> list[tuple[Practice, PracticeRevision]]:
    """Published practices whose published revision carries any of these themes."""
    if not themes:
        return []
    matches = [col(PracticeRevision.themes_key).contains(f"|{t}|") for t in themes]
    query = _published().where(or_(*matches)).order_by(col(Practice.id)).limit(limit)
    return [(p, r) for p, r in session.exec(query)]


def published_ufs_keys(session: Session) -> list[str]:
    """The UFs key of every published practice (the map of Brazil counts these)."""
    query = (
        select(PracticeRevision.ufs_key)
        .join(Practice, col(PracticeRevision.id) == col(Practice.published_revision_id))
        .where(col(Practice.archived_at).is_(None))
    )
    return list(session.exec(query))


IN_REVIEW = (RevisionStatus.submitted, RevisionStatus.in_review)


def call_answer_counts(session: Session, call_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per call: practices whose working revision answering it is with the curators, and
    published practices whose public revision answers it."""
    rev = PracticeRevision
    in_review = session.exec(
        select(rev.call_id, func.count())
        .join(Practice, col(Practice.latest_revision_id) == col(rev.id))
        .where(col(rev.call_id).in_(call_ids), col(rev.status).in_(IN_REVIEW))
        .group_by(col(rev.call_id))
    )
    published = session.exec(
        select(rev.call_id, func.count())
        .join(Practice, col(Practice.published_revision_id) == col(rev.id))
        .where(col(rev.call_id).in_(call_ids), col(Practice.archived_at).is_(None))
        .group_by(col(rev.call_id))
    )
    reviewed = {call: n for call, n in in_review if call is not None}
    public = {call: n for call, n in published if call is not None}
    return {call: (reviewed.get(call, 0), public.get(call, 0)) for call in call_ids}


def published_answers(
    session: Session, call_id: int, limit: int
) -> list[tuple[Practice, PracticeRevision]]:
    """The published practices answering a call, newest first."""
    query = _published().where(col(PracticeRevision.call_id) == call_id)
    rows = session.exec(query.order_by(col(Practice.published_at).desc()).limit(limit))
    return [(p, r) for p, r in rows]
