"""Queries the policy search documents are built from: public policies and their published
revisions, and keyset pages of their ids for full loads."""

from collections.abc import Iterable

from sqlmodel import Session, col, select

from app.policies.models import Policy, PolicyRevision


def policies(session: Session, ids: Iterable[int]) -> list[Policy]:
    ids = list(ids)
    return list(session.exec(select(Policy).where(col(Policy.id).in_(ids)))) if ids else []


def policy_revisions(session: Session, ids: Iterable[int]) -> dict[int, PolicyRevision]:
    ids = list(ids)
    if not ids:
        return {}
    rows = session.exec(select(PolicyRevision).where(col(PolicyRevision.id).in_(ids)))
    return {r.id or 0: r for r in rows}


def published_policy_ids(session: Session, after: int, limit: int) -> list[int]:
    """Keyset pages of public policy ids, for full loads."""
    rows = session.exec(
        select(Policy.id)
        .where(col(Policy.published_revision_id).is_not(None), col(Policy.archived_at).is_(None))
        .where(col(Policy.id) > after)
        .order_by(col(Policy.id))
        .limit(limit)
    )
    return [r for r in rows if r is not None]
