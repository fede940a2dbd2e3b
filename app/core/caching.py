"""Public caching, in one home: what browsers and proxies may keep, and how they revalidate.

- Static files (`/static`): `public, max-age=3600`. Their names carry no fingerprint, so a
  deploy's new stylesheet reaches everyone within the hour; the ETag and Last-Modified that
  StaticFiles sends make a revalidation a 304.
- Open data (exports, the offline bundle, `/data.json`, the Atom feeds): `public, no-cache`:
  anyone may store them but must ask again each time, and an unchanged answer is a 304 with
  no body, by its ETag (weak: the same data may travel gzip'd, brotli'd or not).

Answers to requests that carry credentials get `no-store` in app/web/headers.py, unless they
say `public` here: open data and static files are the same for everyone."""

import hashlib
import os
from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse, PathLike, StaticFiles
from starlette.types import Scope

STATIC = "public, max-age=3600"
OPEN_DATA = "public, no-cache"


def weak_etag(*parts: object) -> str:
    """A weak ETag naming these parts (the data's version, the request's shape)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def matches(headers: Mapping[str, str], etag: str) -> bool:
    """If-None-Match names this ETag (weak comparison, RFC 9110 13.1.2) or is `*`."""
    header = headers.get("if-none-match")
    if not header:
        return False
    bare = etag.removeprefix("W/")
    for tag in header.split(","):
        tag = tag.strip()
        if tag == "*" or tag.removeprefix("W/") == bare:
            return True
    return False


def validators(etag: str, cache_control: str = OPEN_DATA) -> dict[str, str]:
    """The headers an answer carries so that caches may keep and revalidate it."""
    return {"ETag": etag, "Cache-Control": cache_control}


def not_modified(etag: str, cache_control: str = OPEN_DATA) -> Response:
    """304: the client's copy is current (no body; the same validators)."""
    return Response(status_code=304, headers=validators(etag, cache_control))


def conditional(
    headers: Mapping[str, str], body: bytes, media_type: str, cache_control: str = OPEN_DATA
) -> Response:
    """A body built in memory (a feed, the catalogue): 200 with its ETag, or 304."""
    etag = weak_etag(hashlib.sha256(body).hexdigest())
    if matches(headers, etag):
        return not_modified(etag, cache_control)
    return Response(body, media_type=media_type, headers=validators(etag, cache_control))


class PublicStaticFiles(StaticFiles):
    """StaticFiles whose answers, 304s included, say how long they may be kept (STATIC)."""

    def file_response(
        self,
        full_path: PathLike,
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        headers = {"Cache-Control": STATIC}
        response = FileResponse(full_path, status_code, headers, stat_result=stat_result)
        if self.is_not_modified(response.headers, Headers(scope=scope)):
            return NotModifiedResponse(response.headers)
        return response
