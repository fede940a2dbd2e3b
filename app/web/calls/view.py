"""What the pages show of thematic calls, read through app.calls.service: the calls of each
status, the choice a practice's form offers, a call's places by name."""

from dataclasses import dataclass

from sqlmodel import Session

from app.calls import service as calls
from app.calls.models import CallPublic, CallStatus
from app.errors import NotFound
from app.municipalities.search import state_names
from app.web.i18n import _
from app.web.places import named
from app.web.templating import fmt_date

LISTED = 100  # calls of one status on /chamadas and in a form's choice


@dataclass(frozen=True)
class Listing:
    """/chamadas: the open calls (closing soonest first), the upcoming, then the closed."""

    open: list[CallPublic]
    upcoming: list[CallPublic]
    closed: list[CallPublic]


def listing(session: Session) -> Listing:
    def of(status: CallStatus) -> list[CallPublic]:
        return calls.list_calls(session, status, LISTED, 0).items

    return Listing(of(CallStatus.open), of(CallStatus.upcoming), of(CallStatus.closed))


def open_calls(session: Session, limit: int = LISTED) -> list[CallPublic]:
    return calls.list_calls(session, CallStatus.open, limit, 0).items


def choices(session: Session, current: str) -> list[tuple[str, str]]:
    """The calls a practice may answer today, and the one it answers already when that one has
    closed since (its answer may still be edited)."""
    shown = open_calls(session)
    kept = find(session, int(current)) if current.isdigit() else None
    if kept is not None and kept.id not in {c.id for c in shown}:
        shown.append(kept)
    return [(str(c.id), _choice(c)) for c in shown]


def find(session: Session, call_id: int) -> CallPublic | None:
    try:
        return calls.get_call(session, call_id)
    except NotFound:
        return None


def title(session: Session, call_id: int) -> str | None:
    found = find(session, call_id)
    return found.title if found else None


def _choice(call: CallPublic) -> str:
    if call.status == CallStatus.open:
        until = _("until %(date)s") % {"date": fmt_date(call.closes_on, "short")}
    elif call.status == CallStatus.upcoming:
        until = _("opens on %(date)s") % {"date": fmt_date(call.opens_on, "short")}
    else:
        until = _("closed on %(date)s") % {"date": fmt_date(call.closes_on, "short")}
    return f"{call.title} ({until})"


def places(session: Session, call: CallPublic) -> list[str]:
    """A regional call's states and municipalities by name (nothing for a national call)."""
    states = state_names()
    names = [states.get(uf, uf) for uf in call.ufs]
    return names + [f"{m.name}/{m.uf}" for m in named(session, call.municipalities)]
