"""The sign-in budget shared by the API (/auth/token), the page (/entrar) and every other
password check (account deletion, password change): guessing is throttled per address, never
at the owner's own addresses.

Three counters: every attempt per address (SIGN_IN_IP); failures per e-mail and address
(SIGN_IN_PAIR), which throttle the address that guesses; failures per e-mail from anywhere
(SIGN_IN_ACCOUNT), which throttle only addresses the owner never signed in from, so a guesser
spread over many addresses still stops while the owner, at an address they used before with
the right password, keeps signing in. The first refusal of a window is written in the
accounts' audit (app.accounts.audit.address_throttled)."""

import hashlib
import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.accounts import audit
from app.accounts import repository as repo
from app.accounts.models import User
from app.db import SessionDep, utcnow
from app.errors import Unauthorized
from app.ratelimits.deps import LimiterDep, client_ip
from app.ratelimits.rules import Rule
from app.ratelimits.service import Limiter

# An address the owner signed in from stays theirs this long after their last sign-in there.
KNOWN_FOR = timedelta(days=90)


@dataclass
class SignInGuard:
    limiter: Limiter
    session: Session
    ip: str

    @contextmanager
    def attempt(
        self, email: str, failures: tuple[type[Exception], ...] = (Unauthorized,)
    ) -> Iterator[None]:
        """Check a password for `email` inside the block: one of `failures` raised there is a
        wrong password. Every attempt counts for the address; a refused address gets 429 with
        Retry-After even with the right password."""
        limiter, session = self.limiter, self.session
        limiter.hit(session, Rule.SIGN_IN_IP, self.ip)
        pair = limiter.pair_key(email, self.ip)
        account = limiter.email_key(email)
        owner = repo.get_user_by_email(session, email)
        since = utcnow() - KNOWN_FOR
        known = owner is not None and repo.is_known_address(
            session, owner.id or 0, self._address_hash(owner.id or 0), since
        )
        limiter.check(session, Rule.SIGN_IN_PAIR, pair)
        if not known:
            limiter.check(session, Rule.SIGN_IN_ACCOUNT, account)
        try:
            yield
        except failures:
            session.rollback()
            self._failed(owner, pair, account)
            raise
        limiter.forget(session, Rule.SIGN_IN_PAIR, pair)
        if owner is not None and limiter.enabled:
            user_id, now = owner.id or 0, utcnow()
            repo.remember_address(session, user_id, self._address_hash(user_id), now, since)
            session.commit()

    def _failed(self, owner: User | None, pair: str, account: str) -> None:
        hits = self.limiter.count(self.session, Rule.SIGN_IN_PAIR, pair)
        spread = self.limiter.count(self.session, Rule.SIGN_IN_ACCOUNT, account)
        if owner is None:
            return  # nobody to tell: the same answers as for an account that exists
        if hits == self.limiter.rates[Rule.SIGN_IN_PAIR].limit:
            audit.address_throttled(self.session, owner, self.ip, Rule.SIGN_IN_PAIR)
        elif spread == self.limiter.rates[Rule.SIGN_IN_ACCOUNT].limit:
            audit.address_throttled(self.session, owner, self.ip, Rule.SIGN_IN_ACCOUNT)

    def _address_hash(self, user_id: int) -> str:
        # Keyed with the app secret and the account: the table reveals no address.
        message = f"{user_id}|{self.ip}".encode()
        return hmac.new(self.limiter.secret, message, hashlib.sha256).hexdigest()[:40]


def sign_in_guard(request: Request, session: SessionDep, limiter: LimiterDep) -> SignInGuard:
    return SignInGuard(limiter, session, client_ip(request))


SignInGuardDep = Annotated[SignInGuard, Depends(sign_in_guard)]
