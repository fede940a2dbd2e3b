"""The write limits that count per account as well as per address: they need the signed-in
user, so they live above app.ratelimits (which knows no account) and use its counters."""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlmodel import Session

from app.accounts.deps import OptionalUser
from app.db import SessionDep
from app.ratelimits.deps import LimiterDep, client_ip
from app.ratelimits.rules import Rule
from app.ratelimits.service import Limiter


def _per_account_and_ip(account_rule: Rule, ip_rule: Rule) -> Any:
    def dependency(
        request: Request, session: SessionDep, limiter: LimiterDep, user: OptionalUser
    ) -> None:
        limiter.hit(session, ip_rule, client_ip(request))
        if user is not None:  # anonymous: the route answers 401 anyway
            limiter.hit(session, account_rule, f"user:{user.id}")

    return Depends(dependency)


# In a route's `dependencies=[...]`: counted before the body is read, so a refused or invalid
# request counts too.
API_KEY_LIMIT = _per_account_and_ip(Rule.API_KEYS_ACCOUNT, Rule.API_KEYS_IP)
SUBMISSION_LIMIT = _per_account_and_ip(Rule.SUBMISSIONS_ACCOUNT, Rule.SUBMISSIONS_IP)


@dataclass
class SubmissionBudget:
    """The submission budget a request creating many items (the practice batch) draws on item
    by item: SUBMISSION_LIMIT already counted the request, which pays for its first created
    item; every further one counts once more, and once the budget is used up the remaining
    items are refused one by one (429) while those before keep what they got."""

    limiter: Limiter
    session: Session
    counters: list[tuple[Rule, str]]
    prepaid: int = 1

    def check(self) -> None:
        """TooManyRequests when one more item would exceed the budget (counts nothing)."""
        for rule, key in self.counters:
            self.limiter.check(self.session, rule, key)

    def spend(self) -> None:
        """Count one created item (commits the request's session)."""
        if self.prepaid:
            self.prepaid -= 1
            return
        for rule, key in self.counters:
            self.limiter.count(self.session, rule, key)


def _submission_budget(
    request: Request, session: SessionDep, limiter: LimiterDep, user: OptionalUser
) -> SubmissionBudget:
    counters = [(Rule.SUBMISSIONS_IP, client_ip(request))]
    if user is not None:
        counters.append((Rule.SUBMISSIONS_ACCOUNT, f"user:{user.id}"))
    return SubmissionBudget(limiter, session, counters)


SubmissionBudgetDep = Annotated[SubmissionBudget, Depends(_submission_budget)]
