"""The curation queue: every registered kind's waiting revisions in one list, oldest first."""

from typing import Any

from sqlmodel import Session

from app.accounts.models import User
from app.curation import registry, rights
from app.curation import repository as repo
from app.curation.kinds import CuratedKind
from app.curation.models import QueueItem, QueuePage
from app.curation.service import approvals_required
from app.db import utcnow


def changed_fields(
    kind: CuratedKind, asked: dict[str, Any] | None, now: dict[str, Any]
) -> list[str]:
    """The content fields that differ from what the curators asked changes of, in the
    schema's order (none when the request's content was not kept)."""
    if asked is None:
        return []
    return [n for n in kind.content_schema.model_fields if asked.get(n) != now.get(n)]


def _items(
    session: Session, reader: User, kind: CuratedKind, rows: list[repo.QueueRow]
) -> list[QueueItem]:
    subjects = [subject for _rev, subject, _claimer in rows]
    owners = {o for s in subjects if (o := kind.owner_of(s)) is not None}
    names = repo.organisation_names(session, owners)
    conflicts = rights.conflicts(session, reader, kind, subjects)
    revision_ids = [rev.id for rev, _subject, _claimer in rows]
    resent = repo.changes_asked(session, kind, revision_ids)
    approvers = repo.approvers_since_claims(session, kind, revision_ids)
    items = []
    for rev, subject, claimer in rows:
        waiting_since = rev.submitted_at or rev.created_at
        owner = kind.owner_of(subject)
        conflict = conflicts.get(subject.id)
        items.append(
            QueueItem(
                kind=kind.name,
                segment=kind.segment,
                subject_id=subject.id,
                revision_id=rev.id,
                revision_number=rev.number,
                title=kind.title_of(rev.content),
                template=kind.template_of(subject),
                organisation=names.get(owner) if owner is not None else None,
                status=rev.status.value,
                themes=rev.content.get("themes", []),
                ufs=[u for u in rev.ufs_key.split("|") if u],
                submitted_at=waiting_since,
                waiting_hours=round((utcnow() - waiting_since).total_seconds() / 3600, 2),
                claimed_by=claimer,
                approvals=len(approvers.get(rev.id, ())),
                approvals_required=approvals_required(kind),
                cannot_decide=conflict.value if conflict else None,
                resubmitted=rev.id in resent,
                changed=changed_fields(kind, resent.get(rev.id), rev.content),
            )
        )
    return items


def get_queue(
    session: Session,
    reader: User,
    kind: CuratedKind | None,
    theme: str | None,
    uf: str | None,
    template: str | None,
    limit: int,
    offset: int,
) -> QueuePage:
    """Submitted and in-review items of one kind or all, oldest first, with waiting time; items
    the reader may not decide on are listed too, with the reason."""
    kinds = [kind] if kind else registry.kinds()
    items: list[QueueItem] = []
    total = 0
    for k in kinds:
        rows, count = repo.queue(session, k, theme, uf, template, offset + limit)
        items += _items(session, reader, k, rows)
        total += count
    items.sort(key=lambda i: (i.submitted_at, i.kind, i.revision_id))
    return QueuePage(items=items[offset : offset + limit], total=total)
