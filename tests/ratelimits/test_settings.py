"""The limits' settings and the client address they count."""

from types import SimpleNamespace

import pytest
from pydantic import ValidationError
from starlette.requests import Request

from app.config import Settings
from app.ratelimits.deps import client_ip
from app.ratelimits.rules import Rate, Rule
from app.ratelimits.service import Limiter


def request_from(peer: str, forwarded: str | None = None) -> Request:
    limiter = Limiter(Settings())
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    app = SimpleNamespace(state=SimpleNamespace(rate_limiter=limiter))
    scope = {"type": "http", "app": app, "client": (peer, 1234), "headers": headers}
    return Request(scope)


class TestRates:
    def test_each_rule_reads_its_setting(self):
        settings = Settings(rate_limit_sign_in_ip="7/60", rate_limit_search_ip="1000/1")
        assert Rule.SIGN_IN_IP.rate(settings) == Rate(7, 60)
        assert Rule.SEARCH_IP.rate(settings) == Rate(1000, 1)

    @pytest.mark.parametrize("spec", ["10", "10 per minute", "0/60", "10/0", "-1/60", "a/b"])
    def test_a_malformed_rate_stops_the_start_up(self, spec: str):
        with pytest.raises(ValidationError, match="rate_limit_submissions_ip"):
            Settings(rate_limit_submissions_ip=spec)

    def test_the_defaults_are_on(self):
        assert Settings.model_fields["rate_limits_enabled"].default is True


class TestClientAddress:
    def test_a_forwarded_header_does_not_change_the_client(self):
        """The app trusts only the address uvicorn resolved (its FORWARDED_ALLOW_IPS decides
        whose X-Forwarded-For counts); a header from the client itself is ignored here."""
        assert client_ip(request_from("203.0.113.5", "198.51.100.1")) == "ip:203.0.113.5"

    def test_ipv6_clients_are_counted_by_their_64(self):
        first = client_ip(request_from("2001:db8:1:2::1"))
        assert first == client_ip(request_from("2001:db8:1:2:ffff::9")) == "ip:2001:db8:1:2::/64"
        assert client_ip(request_from("::ffff:203.0.113.5")) == "ip:203.0.113.5"
