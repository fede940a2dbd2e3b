"""What every kind's service calls by item id, and what a reader of an item is shown: the
engine's use cases around one item, so a kind does not repeat them. `reading` and
`withdrawing` make a kind's whole use case from how it shows an item (its `present`)."""

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlmodel import Session

from app.accounts.models import User
from app.curation import drafts, rights
from app.curation import repository as repo
from app.curation.kinds import CuratedKind
from app.curation.models import Action, CuratedRevisionPublic
from app.curation.service import Revision, Subject, apply, submit, visible, withdraw_item

Shown = TypeVar("Shown")  # how a kind shows an item (its public model)
Case = TypeVar("Case", bound=Callable[..., Any])


def named(case: Case, verb: str, kind: CuratedKind, doc: str) -> Case:
    """A use case made for a kind, named as a kind's own function is (`withdraw_<kind>`): the
    item routes are named after their functions, so operation ids stay as partners know them."""
    case.__name__ = case.__qualname__ = f"{verb}_{kind.name}"
    case.__doc__ = doc
    return case


def shown_revisions(
    session: Session, kind: CuratedKind, subject: Subject, manager: bool
) -> tuple[Revision, Revision | None]:
    """What an item's reader sees: the public its published revision; those who manage it the
    published text first and their pending work beside it (or the working one alone)."""
    published = repo.get_revision(session, kind, subject.published_revision_id)
    latest = repo.get_revision(session, kind, subject.latest_revision_id)
    assert latest is not None
    if not manager:
        assert published is not None
        return published, None
    if published is not None and published.id != latest.id:
        return published, latest
    return latest, None


def revision_public(revision: Revision, hidden: tuple[str, ...] = ()) -> CuratedRevisionPublic:
    """A revision as shown, without the `hidden` content fields (private to its managers)."""
    content = {k: v for k, v in revision.content.items() if k not in hidden}
    return CuratedRevisionPublic(
        id=revision.id or 0, number=revision.number, status=revision.status, content=content
    )


def patched_by_id(
    session: Session, actor: User, kind: CuratedKind, subject_id: int, patch: BaseModel
) -> tuple[Subject, BaseModel]:
    """An edit's first step: the item the actor may see (404 else) and its working content with
    the patch applied, validated as a draft (managers only; a 422 names what is wrong)."""
    subject = visible(session, actor, kind, subject_id)
    return subject, drafts.patched(session, actor, kind, subject, patch)


def submit_by_id(session: Session, actor: User, kind: CuratedKind, subject_id: int) -> Subject:
    """The submit use case of an item the actor may see, committed; returns the item."""
    subject = visible(session, actor, kind, subject_id)
    submit(session, actor, kind, subject)
    session.commit()
    return subject


def withdraw_by_id(
    session: Session, actor: User, kind: CuratedKind, subject_id: int, reason: str | None
) -> Subject:
    """The withdraw use case (archive a published item), committed; returns the item."""
    subject = visible(session, actor, kind, subject_id)
    withdraw_item(session, actor, kind, subject, reason)
    session.commit()
    return subject


def retract_by_id(session: Session, actor: User, kind: CuratedKind, subject_id: int) -> Subject:
    """Take a revision that waits for the curators back to draft (its authors, to edit it;
    a curator who had taken it lets it go), committed; returns the item."""
    subject = visible(session, actor, kind, subject_id)
    rights.require_manager(actor, kind, subject)
    apply(session, actor, kind, subject, Action.retract)
    revision = repo.get_revision(session, kind, subject.latest_revision_id)
    if revision is not None:
        revision.claimed_by_id = None
        session.add(revision)
    session.commit()
    return subject


def content_asked(session: Session, kind: CuratedKind, revision: Revision) -> dict[str, Any] | None:
    """The content the curators last asked changes of on this revision, if they did (and it
    was kept): the review page shows what changed since."""
    return repo.changes_asked(session, kind, [revision.id or 0]).get(revision.id or 0)


def reading(
    kind: CuratedKind, present: Callable[[Session, User | None, Any], Shown]
) -> Callable[[Session, User | None, int], Shown]:
    """A kind's read use case (get_<name>): the item as `present` shows it to this reader."""

    def get(session: Session, user: User | None, subject_id: int) -> Shown:
        return present(session, user, visible(session, user, kind, subject_id))

    return named(get, "get", kind, f"Read one {kind.name} as the user may see it (404 else).")


def withdrawing(
    kind: CuratedKind, present: Callable[[Session, User, Any], Shown]
) -> Callable[[Session, User, int, str | None], Shown]:
    """A kind's withdraw use case (withdraw_<name>): its managers take a published item off
    the public site (it stays in the history), committed; answered as `present` shows it."""

    def withdraw(session: Session, user: User, subject_id: int, reason: str | None) -> Shown:
        return present(session, user, withdraw_by_id(session, user, kind, subject_id, reason))

    doc = f"Take a published {kind.name} off the public site (it stays in the history)."
    return named(withdraw, "withdraw", kind, doc)
