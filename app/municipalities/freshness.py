"""How current a municipality's capacity picture is, from its latest as-of date. Pure code."""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Freshness(StrEnum):
    fresh = "fresh"
    due = "due"
    overdue = "overdue"
    never = "never"


@dataclass(frozen=True)
class Policy:
    """The expected update interval and the grace period after it, in days."""

    interval_days: int
    grace_days: int

    def status(self, latest: date | None, today: date) -> Freshness:
        """fresh while age <= interval; due up to interval + grace; overdue after; never."""
        if latest is None:
            return Freshness.never
        age = (today - latest).days
        if age <= self.interval_days:
            return Freshness.fresh
        if age <= self.interval_days + self.grace_days:
            return Freshness.due
        return Freshness.overdue

    def due_on(self, latest: date) -> date:
        """The first day on which a report dated `latest` is no longer fresh."""
        return latest + timedelta(days=self.interval_days + 1)

    def overdue_on(self, latest: date) -> date:
        """The first day on which a report dated `latest` is overdue."""
        return latest + timedelta(days=self.interval_days + self.grace_days + 1)

    def latest_range(self, status: Freshness, today: date) -> tuple[date | None, date | None]:
        """The inclusive range of latest as-of dates that give `status` today (for SQL filters)."""
        fresh_from = today - timedelta(days=self.interval_days)
        due_from = today - timedelta(days=self.interval_days + self.grace_days)
        if status == Freshness.fresh:
            return fresh_from, None
        if status == Freshness.due:
            return due_from, fresh_from - timedelta(days=1)
        if status == Freshness.overdue:
            return None, due_from - timedelta(days=1)
        raise ValueError("'never' has no date range")
