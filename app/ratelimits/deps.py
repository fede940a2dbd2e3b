"""The limits as dependencies of API routes and pages, and the client's address. The limits
that also count per account need the signed-in user: they are in app/accounts/limits.py, and
the sign-in budget in app/accounts/lockout.py."""

import ipaddress
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from app.ratelimits.rules import Rule
from app.ratelimits.service import Limiter


def get_limiter(request: Request) -> Limiter:
    limiter: Limiter = request.app.state.rate_limiter
    return limiter


def client_ip(request: Request) -> str:
    """The client's address as uvicorn resolved it: behind a reverse proxy listed in
    FORWARDED_ALLOW_IPS (start.sh runs uvicorn with --proxy-headers), the X-Forwarded-For
    client; otherwise the TCP peer, whatever the headers say. Access lines and /metrics see
    the same address. IPv6 clients are keyed by their /64: one subscriber usually holds a
    whole /64."""
    return address_key(request.client.host if request.client else "unknown")


@lru_cache(maxsize=65536)  # parsing an address costs more than the whole count
def address_key(address: str) -> str:
    """The counters' key for a client address (also used by `partilha limits unlock`)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "ip:unknown"  # no usable address: all such clients share one budget
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d is the IPv4 client a.b.c.d
            return f"ip:{ip.ipv4_mapped}"
        return "ip:" + str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return f"ip:{ip}"


LimiterDep = Annotated[Limiter, Depends(get_limiter)]


async def search_limit(request: Request) -> None:
    """One search from this client's address, or 429 (TooManyRequests)."""
    # async: no threadpool round trip on the hot path, a lock and a dict lookup; only the
    # search that finds this process's block spent reserves another, in the threadpool.
    limiter, client = get_limiter(request), client_ip(request)
    if not limiter.take_leased(Rule.SEARCH_IP, client):
        await run_in_threadpool(limiter.reserve, Rule.SEARCH_IP, client)


SEARCH_LIMIT = Depends(search_limit)
