"""Where a webhook may point: http(s) only, no credentials in the URL, and (unless an admin
allowed it for the subscription) no loopback, private, link-local, multicast or otherwise
non-global address, nor an IPv6 address that carries such an IPv4 one (mapped, compatible,
NAT64, 6to4, Teredo).

Checked when the subscription is created and again at every delivery. A delivery resolves the
name once, checks every address it got and connects only to those (app/webhooks/sending.py):
resolving again at connect time would let a name that answered a public address at the check
answer 127.0.0.1 at the connection (DNS rebinding)."""

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# (host, port) -> every address the name resolves to; tests hand in their own.
Resolver = Callable[[str, int], Sequence[IpAddress]]

# IPv6 ranges whose last 32 bits are an IPv4 address that traffic ends up at.
_LOW_32_IS_IPV4 = tuple(
    ipaddress.IPv6Network(net)
    for net in ("::/96", "::ffff:0:0:0/96", "64:ff9b::/96")  # compatible, translated, NAT64
)
_LOCAL_NAT64 = ipaddress.IPv6Network("64:ff9b:1::/48")  # RFC 8215: a network's own translator


class Refused(Exception):
    """Deliveries may not go to this URL (as written, or as its name resolves now)."""


class Unresolved(Exception):
    """The name resolves to nothing now; it may later, so a delivery is worth retrying."""


@dataclass(frozen=True)
class Destination:
    """A URL whose addresses were all checked: the only addresses a delivery connects to."""

    url: str
    addresses: tuple[IpAddress, ...]
    literal: bool  # the URL names an address, not a host name


def system_resolver(host: str, port: int) -> list[IpAddress]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


_resolver: Resolver = system_resolver


def use_resolver(resolver: Resolver | None) -> None:
    """Resolve names with `resolver` from now on (None: the system's again); for tests."""
    global _resolver
    _resolver = resolver or system_resolver


def _embedded(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 one leads to: reaching it reaches them."""
    found = [v4 for v4 in (ip.ipv4_mapped, ip.sixtofour) if v4 is not None]
    if any(ip in net for net in _LOW_32_IS_IPV4):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip.teredo is not None:
        found.extend(ip.teredo)  # (server, client); the client is already un-XORed
    return found


def public(ip: IpAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _LOCAL_NAT64:
            return False
        if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d is a.b.c.d, whatever IPv6 calls it
            return public(ip.ipv4_mapped)
        if not all(public(v4) for v4 in _embedded(ip)):
            return False
    return ip.is_global and not ip.is_multicast


def _shown(ip: IpAddress) -> str:
    carried = _embedded(ip) if isinstance(ip, ipaddress.IPv6Address) else []
    return f"{ip}, which carries {', '.join(map(str, carried))}" if carried else str(ip)


def destination(url: str, allow_private: bool, resolve: Resolver | None = None) -> Destination:
    """Resolve the URL's host once and check every address; raises Refused or Unresolved."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise Refused("only http and https URLs receive webhooks")
    if not parts.hostname:
        raise Refused("the URL has no host")
    if parts.username or parts.password:
        raise Refused("credentials in the URL are not allowed; verify the signature instead")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Refused("the URL has an invalid port") from None
    addresses: tuple[IpAddress, ...]
    try:
        addresses, literal = (ipaddress.ip_address(parts.hostname),), True
    except ValueError:
        try:
            addresses, literal = tuple((resolve or _resolver)(parts.hostname, port)), False
        except (OSError, UnicodeError, ValueError):
            addresses = ()
    if not addresses:
        raise Unresolved(f"the host {parts.hostname!r} does not resolve")
    if not allow_private:
        for ip in addresses:
            if not public(ip):
                raise Refused(
                    f"{parts.hostname} is or resolves to a loopback, private or link-local "
                    f"address ({_shown(ip)})"
                )
    return Destination(url, addresses, literal)


def problem(url: str, allow_private: bool) -> str | None:
    """Why deliveries may not go to this URL, or None when they may."""
    try:
        destination(url, allow_private)
    except (Refused, Unresolved) as exc:
        return str(exc)
    return None
