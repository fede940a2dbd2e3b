"""The abuse limits: what each one counts, and its budget from the settings."""

from enum import StrEnum
from typing import NamedTuple

from app.config import Settings


class Rate(NamedTuple):
    """At most `limit` requests per fixed window of `window_s` seconds."""

    limit: int
    window_s: int

    @classmethod
    def parse(cls, spec: str) -> "Rate":
        limit, window = spec.split("/")  # the settings validated "<int>/<int>"
        return cls(int(limit), int(window))


class Rule(StrEnum):
    SIGN_IN_IP = "sign_in_ip"
    SIGN_IN_ACCOUNT = "sign_in_account"
    SIGN_IN_PAIR = "sign_in_pair"
    API_KEYS_ACCOUNT = "api_keys_account"
    API_KEYS_IP = "api_keys_ip"
    SUBMISSIONS_ACCOUNT = "submissions_account"
    SUBMISSIONS_IP = "submissions_ip"
    SEARCH_IP = "search_ip"
    PASSWORD_RESET_IP = "password_reset_ip"
    PASSWORD_RESET_EMAIL = "password_reset_email"

    def rate(self, settings: Settings) -> Rate:
        spec: str = getattr(settings, f"rate_limit_{self.value}")
        return Rate.parse(spec)

    @property
    def counted(self) -> str:
        """What the rule counts, for the 429's detail."""
        return COUNTED[self]


COUNTED = {
    Rule.SIGN_IN_IP: "sign-in attempts from this address",
    Rule.SIGN_IN_ACCOUNT: "failed sign-ins for this e-mail from addresses it never signed in from",
    Rule.SIGN_IN_PAIR: "failed sign-ins for this e-mail from this address",
    Rule.API_KEYS_ACCOUNT: "API keys created by this account",
    Rule.API_KEYS_IP: "API keys created from this address",
    Rule.SUBMISSIONS_ACCOUNT: "submissions by this account",
    Rule.SUBMISSIONS_IP: "submissions from this address",
    Rule.SEARCH_IP: "searches from this address",
    Rule.PASSWORD_RESET_IP: "password reset requests from this address",
    Rule.PASSWORD_RESET_EMAIL: "password reset requests for this e-mail",
}
