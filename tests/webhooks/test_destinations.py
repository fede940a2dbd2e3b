"""Deliveries go only where the check said they may: the name is resolved once per delivery,
every address it resolves to is checked, and the connection goes to a checked address (so a
name that turns to loopback after registering, DNS rebinding, reaches nobody). IPv6 addresses
that carry a private or loopback IPv4 one are refused like it."""

import ipaddress
from datetime import timedelta
from urllib.parse import urlsplit

import httpx
import pytest

from app.db import utcnow
from app.webhooks import sending, urls
from tests.webhooks.conftest import Dns, Partners, Receiver

PUBLIC_IP = "93.184.215.14"  # a global address; nothing here ever connects to it
NAME = "hooks.parceiro.example"

EMBEDDING_PRIVATE = {  # IPv6 forms of loopback, private and metadata IPv4 addresses
    "compatible": "::127.0.0.1",
    "mapped": "::ffff:10.0.0.1",
    "nat64": "64:ff9b::7f00:1",
    "6to4": "2002:7f00:1::1",
    "teredo": "2001:0:4136:e378:8000:63bf:80ff:fffe",  # client 127.0.0.1 (bits XOR 0xffffffff)
    "mapped-metadata": "::ffff:169.254.169.254",
    "translated": "::ffff:0:a00:1",
    "local-nat64": "64:ff9b:1::8.8.8.8",
}


def named(receiver: Receiver, host: str = NAME) -> str:
    """The receiver's URL with a host name in place of its loopback address."""
    return receiver.url.replace("127.0.0.1", host)


class TestRegistration:
    @pytest.mark.parametrize("form", EMBEDDING_PRIVATE)
    def test_ipv6_forms_of_private_ipv4_are_refused(self, partners: Partners, form: str) -> None:
        url = f"http://[{EMBEDDING_PRIVATE[form]}]/hook"
        response = partners.subscribe(partners.partner, url, ["practice.published"])
        assert response.status_code == 422, url
        [error] = response.json()["errors"]
        assert error["loc"] == ["body", "url"] and error["type"] == "url_refused"

    def test_a_name_with_one_private_address_among_several_is_refused(
        self, partners: Partners, dns: Dns
    ) -> None:
        dns.answers[NAME] = [PUBLIC_IP, "2606:4700::6810:84e5", "10.0.0.7"]
        response = partners.subscribe(partners.partner, f"https://{NAME}/h", ["policy.published"])
        assert response.status_code == 422
        [error] = response.json()["errors"]
        assert error["loc"] == ["body", "url"] and "10.0.0.7" in error["msg"]

    def test_a_name_resolving_to_an_embedding_ipv6_form_is_refused(
        self, partners: Partners, dns: Dns
    ) -> None:
        dns.answers[NAME] = [PUBLIC_IP, EMBEDDING_PRIVATE["nat64"]]
        response = partners.subscribe(partners.partner, f"https://{NAME}/h", ["policy.published"])
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["body", "url"]

    def test_a_public_name_is_accepted(self, partners: Partners, dns: Dns) -> None:
        dns.answers[NAME] = [PUBLIC_IP, "2606:4700::6810:84e5"]
        response = partners.subscribe(partners.partner, f"https://{NAME}/h", ["policy.published"])
        assert response.status_code == 201, response.text


class TestAddressCheck:
    @pytest.mark.parametrize("address", EMBEDDING_PRIVATE.values())
    def test_embedded_private_ipv4_is_not_public(self, address: str) -> None:
        assert not urls.public(ipaddress.ip_address(address))

    @pytest.mark.parametrize(
        "address",
        [PUBLIC_IP, "2606:4700::6810:84e5", "64:ff9b::808:808", "2002:808:808::1", "::8.8.8.8"],
    )
    def test_public_addresses_and_forms_of_public_ipv4_are_public(self, address: str) -> None:
        assert urls.public(ipaddress.ip_address(address))


class TestRebinding:
    def test_a_name_that_turns_loopback_after_registering_is_refused_at_delivery(
        self, partners: Partners, receiver: Receiver, dns: Dns
    ) -> None:
        dns.answers[NAME] = [PUBLIC_IP]
        created = partners.subscribe(partners.partner, named(receiver), ["practice.published"])
        assert created.status_code == 201, created.text
        dns.answers[NAME] = ["127.0.0.1"]  # the partner's DNS now answers loopback
        partners.publish()
        dns.asked.clear()
        result = partners.dispatch()
        assert (result.delivered, result.retrying, result.failed) == (0, 0, 1)
        assert dns.asked == [NAME]  # resolved once for the one delivery
        assert receiver.received == []
        [entry] = partners.log(created.json()["id"], partners.partner)
        assert entry["status"] == "failed" and entry["attempts"] == 1
        assert entry["last_status_code"] is None
        assert entry["last_error"].startswith("refused:") and "127.0.0.1" in entry["last_error"]
        assert entry["attempt_log"][0]["error"] == entry["last_error"]
        assert partners.dispatch(now=utcnow() + timedelta(days=1)).failed == 0  # not retried
        assert receiver.received == []

    @pytest.mark.parametrize("answer", [[PUBLIC_IP, "10.0.0.7"], [EMBEDDING_PRIVATE["mapped"]]])
    def test_a_private_address_among_those_at_delivery_is_refused(
        self, partners: Partners, receiver: Receiver, dns: Dns, answer: list[str]
    ) -> None:
        dns.answers[NAME] = [PUBLIC_IP]
        created = partners.subscribe(partners.partner, named(receiver), ["practice.published"])
        dns.answers[NAME] = answer
        partners.publish()
        assert partners.dispatch().failed == 1
        [entry] = partners.log(created.json()["id"], partners.partner)
        assert entry["status"] == "failed" and "10.0.0." in entry["last_error"]
        assert receiver.received == []

    def test_a_name_that_stops_resolving_is_retried(
        self, partners: Partners, receiver: Receiver, dns: Dns
    ) -> None:
        dns.answers[NAME] = [PUBLIC_IP]
        created = partners.subscribe(partners.partner, named(receiver), ["practice.published"])
        del dns.answers[NAME]
        partners.publish()
        assert partners.dispatch().retrying == 1
        [entry] = partners.log(created.json()["id"], partners.partner)
        assert entry["status"] == "pending" and "does not resolve" in entry["last_error"]


class TestPinnedConnection:
    def test_a_named_destination_is_delivered_through_its_checked_address(
        self, partners: Partners, receiver: Receiver, dns: Dns
    ) -> None:
        # Only an admin's allow_private subscription may point a name at the loopback receiver.
        dns.answers[NAME] = ["127.0.0.1"]
        hook = partners.hook(named(receiver), ["practice.published"])
        partners.publish()
        assert partners.dispatch().delivered == 1
        [request] = receiver.received
        assert request.headers["Host"] == f"{NAME}:{urlsplit(receiver.url).port}"
        assert partners.log(hook["id"])[0]["status"] == "delivered"

    def test_the_connection_goes_to_the_address_that_was_checked(self) -> None:
        answers = iter([[PUBLIC_IP], ["127.0.0.1"]])  # a rebinding DNS: public, then loopback

        def rebinding(_host: str, _port: int) -> list[urls.IpAddress]:
            return [ipaddress.ip_address(a) for a in next(answers)]

        seen: list[httpx.Request] = []

        def answer(request: httpx.Request) -> httpx.Response:
            seen.append(request)
            return httpx.Response(204)

        checked = urls.destination(f"https://{NAME}:8443/h?x=1", False, rebinding)
        response = sending.post(
            checked, b"{}", {"X-Test": "1"}, httpx.Timeout(1), httpx.MockTransport(answer)
        )
        assert response.status_code == 204
        [request] = seen
        assert request.url == httpx.URL(f"https://{PUBLIC_IP}:8443/h?x=1")
        assert request.headers["Host"] == f"{NAME}:8443" and request.headers["X-Test"] == "1"
        assert request.extensions["sni_hostname"] == NAME  # TLS is verified against the name

    def test_an_address_that_does_not_connect_gives_way_to_the_next(self) -> None:
        tried: list[str] = []

        def answer(request: httpx.Request) -> httpx.Response:
            tried.append(request.url.host)
            if len(tried) == 1:
                raise httpx.ConnectError("refused", request=request)
            return httpx.Response(200)

        checked = urls.destination(
            f"http://{NAME}/h",
            False,
            lambda _h, _p: [ipaddress.ip_address(a) for a in ("2606:4700::6810:84e5", PUBLIC_IP)],
        )
        sending.post(checked, b"{}", {}, httpx.Timeout(1), httpx.MockTransport(answer))
        assert tried == ["2606:4700::6810:84e5", PUBLIC_IP]
