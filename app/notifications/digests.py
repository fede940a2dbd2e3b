"""Saved-search digests: for each subscription, once per day or week (schedule.py), the items
first published in that period that match it (every declared curated dataset: practices,
replications, policies…, read through their open-data rows with the same filters as the
exports) and the thematic calls that opened, with links. Nothing new, nothing sent."""

from dataclasses import replace
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.calls import service as calls
from app.calls.models import CallPublic
from app.curation import registry
from app.errors import InvalidInput
from app.mail import service as mail
from app.municipalities import repository as municipalities
from app.notifications import repository as repo
from app.notifications import schedule
from app.notifications.authors import language_of
from app.notifications.models import DigestSubscription, Frequency
from app.notifications.pages import PAGES
from app.opendata import datasets
from app.opendata.models import Filters

TEMPLATE = "subscription_digest"
TOPIC = "subscriptions"
MAX_ITEMS = 50  # per section
MAX_CALLS = 500


def _filters(sub: DigestSubscription) -> tuple[Filters, set[str]]:
    filters = Filters(
        theme=list(sub.themes),
        uf=[sub.uf] if sub.uf else [],
        municipality=[sub.ibge_code] if sub.ibge_code else [],
        call=[sub.call_id] if sub.call_id else [],
    )
    asked = {name for name in ("theme", "uf", "municipality", "call") if getattr(filters, name)}
    return filters, asked


def _when(value: Any) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # rows are in UTC


def _sections(
    session: Session, sub: DigestSubscription, start: datetime, end: datetime, language: str
) -> list[dict[str, Any]]:
    """Per curated dataset, the matching items first published in [start, end)."""
    filters, asked = _filters(sub)
    sections = []
    for spec in datasets.registered():
        if spec.feed is None or spec.feed.created_by is None or not asked <= spec.filters:
            continue  # not a curated kind, or it cannot be filtered the way the person asked
        try:
            kind = registry.find(spec.feed.entity)
        except InvalidInput:
            continue
        items = []
        for row in spec.rows(session, replace(filters, updated_since=start)):
            published = _when(row.get("published_at"))
            if published is not None and start <= published < end:
                path = PAGES.get().item(kind.name, row["id"])
                items.append(
                    {
                        "title": row.get("title") or row.get("name") or "",
                        "url": mail.link(path or "/"),
                    }
                )
        if items:
            sections.append(
                {
                    "label": kind.labels.plural[language],
                    "entries": items[:MAX_ITEMS],
                    "more": len(items) - MAX_ITEMS,
                }
            )
    return sections


def _call_matches(call: CallPublic, sub: DigestSubscription, uf: str | None) -> bool:
    if sub.themes and not set(sub.themes) & set(call.themes):
        return False
    if call.scope == "national" or not (sub.uf or sub.ibge_code):
        return True
    return uf in call.ufs or sub.ibge_code in call.municipalities


def _opened_calls(
    session: Session, sub: DigestSubscription, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    """Thematic calls that opened in [start, end) for the subscription's themes and place."""
    if sub.call_id:
        return []  # the person follows the answers to one call
    here = municipalities.get_municipality(session, sub.ibge_code) if sub.ibge_code else None
    uf = sub.uf or (here.uf if here else None)
    found = []
    for call in calls.list_calls(session, None, MAX_CALLS, 0).items:
        opened = datetime.combine(call.opens_on, time(0, 0), schedule.BRASILIA)
        if start <= opened < end and _call_matches(call, sub, uf):
            url = mail.link(f"{PAGES.get().calls}/{call.id}")
            found.append({"title": call.title, "closes_on": call.closes_on, "url": url})
    return found


def send(session: Session, now: datetime) -> int:
    """Write the digest of the last period for every subscription that has news; how many."""
    written = 0
    for sub in repo.all_subscriptions(session):
        period = schedule.daily(now) if sub.frequency == Frequency.daily else schedule.weekly(now)
        key = f"{TOPIC}:{sub.id}:{period.key}"
        person = repo.user(session, sub.user_id)
        if person is None or mail.already_written(session, key):
            continue
        start, language = max(period.start, sub.created_at), language_of(person)
        sections = _sections(session, sub, start, period.end, language)
        opened = _opened_calls(session, sub, start, period.end)
        if not sections and not opened:
            continue
        context = {
            "name": person.name,
            "daily": sub.frequency == Frequency.daily,
            "sections": sections,
            "calls": opened,
            "account_url": mail.link(PAGES.get().account),
        }
        try:
            message = mail.enqueue(
                session, to=person.email, template=TEMPLATE, context=context,
                language=language, topic=TOPIC, dedupe_key=key,
            )  # fmt: skip
            session.commit()
            written += message is not None
        except IntegrityError:
            session.rollback()  # another app process wrote it first
    return written
