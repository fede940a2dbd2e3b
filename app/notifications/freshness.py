"""The freshness ladder of capacity data (HDX's freshness e-mails do this): when a
municipality's latest report nears the update limit its government editors get a reminder,
another once it passed the limit, and when it is overdue (past the grace period too) the admins
get a note. Each rung goes once per report (a FreshnessNotice row, written with the messages);
a new report starts the ladder again. One message per person and rung lists every
municipality that reached it."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.accounts.models import Role, User
from app.config import get_settings
from app.mail import service as mail
from app.municipalities import repository as municipalities
from app.municipalities.access import in_scope
from app.municipalities.freshness import Policy
from app.notifications import repository as repo
from app.notifications.authors import language_of
from app.notifications.models import FreshnessNotice, FreshnessStage
from app.notifications.pages import PAGES

TOPIC = "freshness"
TEMPLATES = {
    FreshnessStage.nearing: "freshness_nearing",
    FreshnessStage.passed: "freshness_passed",
    FreshnessStage.overdue: "freshness_overdue",
}
MAX_ROWS = 10_000  # more than the 5,571 municipalities


@dataclass(frozen=True)
class Stale:
    ibge_code: int
    name: str
    uf: str
    as_of: date
    stage: FreshnessStage


def _stage(policy: Policy, as_of: date, today: date, warning_days: int) -> FreshnessStage | None:
    age = (today - as_of).days
    if age > policy.interval_days + policy.grace_days:
        return FreshnessStage.overdue
    if age > policy.interval_days:
        return FreshnessStage.passed
    if age >= policy.interval_days - warning_days:
        return FreshnessStage.nearing
    return None


def _stale(session: Session, today: date) -> list[Stale]:
    """Municipalities whose latest report reached a rung not announced yet."""
    settings = get_settings()
    policy = Policy(settings.capacity_update_interval_days, settings.capacity_grace_days)
    warning_days = min(settings.mail_freshness_warning_days, policy.interval_days)
    latest_to = today - timedelta(days=policy.interval_days - warning_days)
    rows, _ = municipalities.freshness_rows(
        session, latest_from=None, latest_to=latest_to, never=False, uf=None, ibge_code=None,
        limit=MAX_ROWS, offset=0,
    )  # fmt: skip
    sent = repo.notices(session, [code for code, *_ in rows])
    found = []
    for code, name, uf, as_of in rows:
        stage = _stage(policy, as_of, today, warning_days) if as_of else None
        if as_of and stage is not None and (code, as_of, stage) not in sent:
            found.append(Stale(code, name, uf, as_of, stage))
    return found


def _recipients(
    session: Session, stale: list[Stale]
) -> dict[tuple[int, FreshnessStage], list[Stale]]:
    editors = repo.with_roles(session, [Role.gov_editor])
    admins = repo.with_roles(session, [Role.admin])
    by_person: dict[tuple[int, FreshnessStage], list[Stale]] = defaultdict(list)
    for item in stale:
        if item.stage == FreshnessStage.overdue:
            people = admins
        else:
            people = [e for e in editors if in_scope(e, item.ibge_code, item.uf)]
        for person in people:
            by_person[(person.id or 0, item.stage)].append(item)
    return by_person


def _context(person: User, items: list[Stale], today: date) -> dict[str, Any]:
    settings = get_settings()
    policy = Policy(settings.capacity_update_interval_days, settings.capacity_grace_days)
    lines = [
        {
            "name": item.name,
            "uf": item.uf,
            "as_of": item.as_of,
            "due_on": policy.due_on(item.as_of),
            "days_old": (today - item.as_of).days,
            "url": mail.link(PAGES.get().capacity(item.ibge_code)),
        }
        for item in sorted(items, key=lambda i: (i.as_of, i.name))
    ]
    return {"name": person.name, "municipalities": lines, "interval_days": policy.interval_days}


def send(session: Session, now: datetime) -> int:
    """Climb the ladder for every municipality that reached a new rung; messages written."""
    today = now.date()  # Brazil is behind UTC: never earlier than the local date
    stale = _stale(session, today)
    if not stale:
        return 0
    by_person = _recipients(session, stale)
    people = {u.id: u for u in repo.users(session, {pid for pid, _ in by_person})}
    written = 0
    for (person_id, stage), items in by_person.items():
        person = people.get(person_id)
        if person is None:
            continue
        message = mail.enqueue(
            session,
            to=person.email,
            template=TEMPLATES[stage],
            context=_context(person, items, today),
            language=language_of(person),
            topic=TOPIC,
        )
        written += message is not None
    session.add_all(
        FreshnessNotice(ibge_code=s.ibge_code, as_of=s.as_of, stage=s.stage) for s in stale
    )
    try:
        session.commit()  # the messages and the rungs they announce, together
    except IntegrityError:
        session.rollback()  # another app process climbed the same rung first
        return 0
    return written
