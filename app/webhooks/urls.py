"""Where a webhook may point: http(s) only, no credentials in the URL, and (unless an admin
allowed it for the subscription) no loopback, private, link-local, multicast or otherwise
non-global address. Checked when the subscription is created and again before every delivery,
because a name can later resolve somewhere else."""

import ipaddress
import socket
from urllib.parse import urlsplit

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _public(ip: IpAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback
    return ip.is_global and not ip.is_multicast


def _addresses(host: str, port: int) -> list[IpAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def problem(url: str, allow_private: bool) -> str | None:
    """Why deliveries may not go to this URL, or None when they may."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "only http and https URLs receive webhooks"
    if not parts.hostname:
        return "the URL has no host"
    if parts.username or parts.password:
        return "credentials in the URL are not allowed; verify the signature instead"
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return "the URL has an invalid port"
    try:
        addresses = _addresses(parts.hostname, port)
    except (socket.gaierror, UnicodeError):
        return f"the host {parts.hostname!r} does not resolve"
    if not allow_private:
        for ip in addresses:
            if not _public(ip):
                return f"{parts.hostname} is a loopback, private or link-local address ({ip})"
    return None
