"""One delivery POST, to an address that was checked (app/webhooks/urls.py).

The request goes to the checked address itself, so nothing resolves the name again between the
check and the connection; the Host header and TLS (SNI and certificate verification) stay about
the name in the URL. Redirects are not followed (they could lead to an address we refused) and
no proxy comes from the environment (the check must be about where we connect)."""

import httpx

from app.webhooks.urls import Destination

# A name may resolve to several addresses; a few are tried in turn when one does not connect.
MAX_ADDRESSES = 3


def post(
    destination: Destination,
    body: bytes,
    headers: dict[str, str],
    timeout: httpx.Timeout,
    transport: httpx.BaseTransport | None = None,
) -> httpx.Response:
    """POST `body` to the destination's first address that connects (tests pass a transport)."""
    url = httpx.URL(destination.url)
    headers = {**headers, "Host": url.netloc.decode("ascii")}
    # The certificate is verified against the name, not the address we connect to.
    extensions = {} if destination.literal else {"sni_hostname": url.raw_host.decode("ascii")}
    failure: httpx.TransportError | None = None
    for ip in destination.addresses[:MAX_ADDRESSES]:
        pinned = url.copy_with(host=str(ip))
        with httpx.Client(
            transport=transport, timeout=timeout, follow_redirects=False, trust_env=False
        ) as client:
            try:
                return client.post(pinned, content=body, headers=headers, extensions=extensions)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                failure = exc  # this address does not answer: try the next one
    assert failure is not None  # a Destination always has an address
    raise failure
