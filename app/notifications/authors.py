"""Authors hear about their items, for every curated kind: received, changes requested (with
the curator's reason), published (with the link), not published (with the reason), withdrawn.
The curation engine calls `on_transition` after each transition (app/curation/hooks.py), in
the transaction of the decision: the mail goes with the decision or not at all."""

from datetime import timedelta
from typing import Any

from sqlmodel import Session

from app.accounts.models import User
from app.curation import repository as curation_repo
from app.curation.hooks import Transition
from app.curation.models import Action, RevisionStatus
from app.db import utcnow
from app.mail import compose
from app.mail import service as mail
from app.notifications import repository as repo
from app.notifications.pages import PAGES

TOPIC = "curation"
# "Received" confirms what the person just did: a partner's batch of 1,000 practices sends the
# first RECEIPTS_PER_HOUR and lists the rest on their items page, not 1,000 messages.
RECEIPTS_PER_HOUR = 20


def language_of(user: User) -> str:
    return compose.language_or_default(user.language)


def _template(transition: Transition) -> str | None:
    event = transition.event
    if event.action == Action.approve:
        # Four-eyes: an approval that waits for another curator publishes nothing yet.
        return "curation_published" if event.to_status == RevisionStatus.approved else None
    return {
        Action.submit: "curation_submitted",
        Action.request_changes: "curation_changes_requested",
        Action.reject: "curation_rejected",
        Action.withdraw: "curation_withdrawn",
    }.get(Action(event.action))


def _link(transition: Transition, template: str) -> str:
    pages, kind, item_id = PAGES.get(), transition.kind.name, transition.subject.id
    path = {
        "curation_published": pages.item(kind, item_id),
        "curation_changes_requested": pages.edit(kind, item_id),
    }.get(template)
    return mail.link(path or pages.mine)


def _receipts_spent(session: Session, author: User) -> bool:
    written = mail.written_since(
        session, author.email, "curation_submitted", utcnow() - timedelta(hours=1)
    )
    return written >= RECEIPTS_PER_HOUR


def on_transition(session: Session, transition: Transition) -> None:
    """Write the message this transition means for each of the item's authors, if any."""
    template = _template(transition)
    if template is None:
        return
    kind, subject, event = transition.kind, transition.subject, transition.event
    revision = curation_repo.get_revision(session, kind, event.revision_id)
    if revision is None:
        return
    authors = repo.users(session, {subject.created_by_id, revision.created_by_id})
    title = kind.title_of(revision.content)
    url = _link(transition, template)
    for author in authors:
        if template == "curation_submitted" and _receipts_spent(session, author):
            continue
        language = language_of(author)
        context: dict[str, Any] = {
            "name": author.name,
            "kind": kind.labels.singular[language],
            "title": title,
            "reason": event.reason or "",
            "url": url,
        }
        mail.enqueue(
            session,
            to=author.email,
            template=template,
            context=context,
            language=language,
            topic=TOPIC,
        )
