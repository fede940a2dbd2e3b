"""Queries of the organisations domain: profiles and their published revisions, the
directory's reference list, the municipality and UF lookups, and what an organisation
published of any curated kind (its page's sections)."""

from typing import Any

from sqlmodel import Session, col, func, select

from app.accounts.models import Organisation
from app.curation.kinds import CuratedKind
from app.organisations.models import OrganisationProfile as Profile
from app.organisations.models import OrganisationProfileRevision as Revision


def organisations_with_profiles(
    session: Session, ids: list[int] | None, limit: int, offset: int
) -> list[tuple[Organisation, Profile | None, Revision | None]]:
    """Organisations by name (or these ids), each with its public profile when it has one."""
    query = (
        select(Organisation, Profile, Revision)
        .outerjoin(
            Profile,
            (col(Profile.id) == col(Organisation.id)) & col(Profile.archived_at).is_(None),
        )
        .outerjoin(Revision, col(Revision.id) == col(Profile.published_revision_id))
        .order_by(col(Organisation.name), col(Organisation.id))
    )
    if ids is not None:
        query = query.where(col(Organisation.id).in_(ids))
    rows = session.exec(query.offset(offset).limit(limit))
    return [(org, prof if rev else None, rev) for org, prof, rev in rows]


def published_in(session: Session, ibge_code: int) -> list[tuple[Organisation, Revision]]:
    """Organisations whose public profile names this municipality, by name."""
    rows = session.exec(
        select(Organisation, Revision)
        .join(Profile, col(Profile.id) == col(Organisation.id))
        .join(Revision, col(Revision.id) == col(Profile.published_revision_id))
        .where(
            col(Profile.archived_at).is_(None),
            col(Revision.municipalities_key).contains(f"|{ibge_code}|"),
        )
        .order_by(col(Organisation.name))
    )
    return [(org, rev) for org, rev in rows]


def published_ufs_keys(session: Session) -> list[str]:
    """The UFs key of every public profile (a few thousand short strings at most)."""
    keys = session.exec(
        select(Revision.ufs_key)
        .join(Profile, col(Revision.id) == col(Profile.published_revision_id))
        .where(col(Profile.archived_at).is_(None))
    )
    return list(keys)


def published_of(
    session: Session, kind: CuratedKind, organisation_id: int, limit: int
) -> list[tuple[Any, Any]]:
    """An organisation's public items of a curated kind credited by `organisation_id`, newest
    first, each with its published revision."""
    subject, revision = kind.subject, kind.revision
    rows = session.exec(
        select(subject, revision)
        .join(revision, col(revision.id) == col(subject.published_revision_id))
        .where(col(subject.organisation_id) == organisation_id, col(subject.archived_at).is_(None))
        .order_by(col(subject.published_at).desc(), col(subject.id).desc())
        .limit(limit)
    )
    return [(item, rev) for item, rev in rows]


def count_organisations(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Organisation)).one()
