"""The periods digests cover, in Brasília time: a day ends (and its digest leaves) at 07:00, a
week on Monday at 07:00. A job sends the last period that ended, keyed so it goes once."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

BRASILIA = ZoneInfo("America/Sao_Paulo")
SEND_AT = time(7, 0)


@dataclass(frozen=True)
class Period:
    key: str  # "2026-12-07" (day) or "2026-W50" (week): part of the messages' dedupe keys
    start: datetime
    end: datetime


def _last_send_time(now: datetime) -> datetime:
    local = now.astimezone(BRASILIA)
    today = datetime.combine(local.date(), SEND_AT, BRASILIA)
    return today if local >= today else today - timedelta(days=1)


def daily(now: datetime) -> Period:
    """The last day that ended: [yesterday 07:00, today 07:00) once it is 07:00."""
    end = _last_send_time(now)
    return Period(end.date().isoformat(), end - timedelta(days=1), end)


def weekly(now: datetime) -> Period:
    """The last week that ended: [Monday 07:00, next Monday 07:00)."""
    end = _last_send_time(now)
    end -= timedelta(days=end.weekday())  # back to Monday
    year, week, _ = end.isocalendar()
    return Period(f"{year}-W{week:02d}", end - timedelta(days=7), end)
