"""Curators' daily digest of the queue: what arrived since the last digest and what has waited
longer than the target (PARTILHA_CURATION_QUEUE_TARGET_HOURS), with links to review them.
Nothing waiting, nothing sent; one digest per curator and day (its dedupe key)."""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.accounts.models import STAFF_ROLES, User
from app.config import get_settings
from app.curation import queue, registry
from app.curation.models import QueueItem
from app.mail import service as mail
from app.notifications import repository as repo
from app.notifications import schedule
from app.notifications.authors import language_of
from app.notifications.pages import PAGES

TEMPLATE = TOPIC = "queue_digest"
LIMIT = 500


def _line(item: QueueItem, language: str, now: datetime) -> dict[str, Any]:
    kind = registry.find(item.kind)
    return {
        "title": item.title,
        "kind": kind.labels.singular[language],
        "organisation": item.organisation or "",
        "waiting_hours": (now - item.submitted_at).total_seconds() / 3600,
        "url": mail.link(PAGES.get().review(item.kind, item.subject_id) or PAGES.get().queue),
    }


def _digest(session: Session, curator: User, now: datetime, since: datetime) -> dict[str, Any]:
    listing = queue.get_queue(session, curator, None, None, None, None, LIMIT, 0)
    mine = [i for i in listing.items if i.cannot_decide is None]  # what they may act on
    target = timedelta(hours=get_settings().curation_queue_target_hours)
    language = language_of(curator)
    new = [_line(i, language, now) for i in mine if i.submitted_at >= since]
    late = [_line(i, language, now) for i in mine if now - i.submitted_at > target]
    return {"total": len(mine), "new": new, "late": late}


def send(session: Session, now: datetime) -> int:
    """Write today's digest for every curator who has something to act on; how many."""
    period, written = schedule.daily(now), 0
    for curator in repo.with_roles(session, STAFF_ROLES):
        key = f"{TOPIC}:{curator.id}:{period.key}"
        if mail.already_written(session, key):
            continue
        digest = _digest(session, curator, now, period.start)
        if not digest["new"] and not digest["late"]:
            continue
        context = {
            "name": curator.name,
            **digest,
            "target_hours": get_settings().curation_queue_target_hours,
            "queue_url": mail.link(PAGES.get().queue),
        }
        try:
            message = mail.enqueue(
                session,
                to=curator.email,
                template=TEMPLATE,
                context=context,
                language=language_of(curator),
                topic=TOPIC,
                dedupe_key=key,
            )
            session.commit()
            written += message is not None
        except IntegrityError:
            session.rollback()  # another app process wrote it first
    return written
