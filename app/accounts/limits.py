"""The write limits that count per account as well as per address: they need the signed-in
user, so they live above app.ratelimits (which knows no account) and use its counters."""

from typing import Any

from fastapi import Depends, Request

from app.accounts.deps import OptionalUser
from app.db import SessionDep
from app.ratelimits.deps import LimiterDep, client_ip
from app.ratelimits.rules import Rule


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
