"""Queries over migration policies."""

from datetime import datetime

from sqlmodel import Session, col, select

from app.db import page, where_given
from app.policies.models import Policy, PolicyRevision


def get_policy(session: Session, policy_id: int) -> Policy | None:
    return session.get(Policy, policy_id)


def get_revision(session: Session, revision_id: int | None) -> PolicyRevision | None:
    return session.get(PolicyRevision, revision_id) if revision_id else None


def list_for_organisation(
    session: Session, organisation_id: int | None, limit: int, offset: int
) -> tuple[list[Policy], int]:
    """An organisation's policies (every policy when None: staff without an organisation)."""
    query = where_given(select(Policy), (Policy.organisation_id, organisation_id))
    return page(session, query, col(Policy.updated_at).desc(), limit=limit, offset=offset)


def verification_due(
    session: Session, verified_before: datetime, limit: int | None = None, offset: int = 0
) -> list[tuple[Policy, PolicyRevision]]:
    """Published policies whose last verification (or publication) is older than the cut-off."""
    rows = session.exec(
        select(Policy, PolicyRevision)
        .join(PolicyRevision, col(PolicyRevision.id) == Policy.published_revision_id)
        .where(col(Policy.archived_at).is_(None))
        .where(
            (col(Policy.last_verified_at) < verified_before)
            | (
                col(Policy.last_verified_at).is_(None)
                & (col(Policy.published_at) < verified_before)
            )
        )
        .order_by(col(Policy.last_verified_at).asc().nulls_first(), col(Policy.id))
        .offset(offset)
        .limit(limit)
    )
    return [(p, r) for p, r in rows]


def in_force_for(
    session: Session, uf: str, ibge_code: int | None
) -> list[tuple[Policy, PolicyRevision]]:
    """Published policies that apply to a place: federal, its UF's, and its municipality's."""
    rows = session.exec(
        select(Policy, PolicyRevision)
        .join(PolicyRevision, col(PolicyRevision.id) == Policy.published_revision_id)
        .where(col(Policy.archived_at).is_(None))
        .order_by(col(Policy.id))
    )
    result = []
    for policy, revision in rows:
        content = revision.content
        level = content.get("level")
        applies = (
            level == "federal"
            or (level == "state" and content.get("uf") == uf)
            or (
                level == "municipal"
                and ibge_code is not None
                and content.get("ibge_code") == ibge_code
            )
        )
        if applies and content.get("status") == "em-vigor":
            result.append((policy, revision))
    return result
