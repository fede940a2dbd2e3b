"""Open data and static files are cached and revalidated by everyone (ETag, 304, Cache-Control:
app/core/caching.py), and big answers travel compressed (app/core/compression.py)."""

import gzip
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import brotli
import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import get_settings
from app.db import get_engine
from app.search.sync import sync_once
from tests.opendata.conftest import World

OPEN_DATA = [
    "/api/v1/exports/practices.csv",
    "/api/v1/exports/practices.ndjson?uf=RR",
    "/api/v1/exports/policies.json",
    "/api/v1/exports/bundle?uf=RR",
    "/data.json",
    "/feeds/practices.atom",
]


@dataclass
class Raw:
    status_code: int
    headers: httpx.Headers
    content: bytes  # as it travelled: still compressed

    @property
    def text(self) -> str:
        return self.content.decode()


def raw_get(client: TestClient, path: str, **headers: str) -> Raw:
    """The bytes as they travel: no automatic decoding (httpx would unzip them)."""
    with client.stream("GET", path, headers={"Accept-Encoding": "identity", **headers}) as r:
        return Raw(r.status_code, r.headers, b"".join(r.iter_raw()))


class TestRevalidation:
    def test_an_unchanged_answer_is_a_304_and_a_publication_changes_it(self, world: World) -> None:
        world.publish(title="Casa de passagem Boa Vista")
        world.publish_policy()
        first = {path: raw_get(world.client, path) for path in OPEN_DATA}
        for path, answer in first.items():
            assert answer.status_code == 200, (path, answer.text)
            assert answer.headers["etag"].startswith('W/"'), path
            assert answer.headers["cache-control"] == "public, no-cache", path
            again = raw_get(world.client, path, **{"If-None-Match": answer.headers["etag"]})
            assert again.status_code == 304, path
            assert again.content == b"" and again.headers["etag"] == answer.headers["etag"]
            # Another tag, or a list holding this one (strong or weak), is compared weakly.
            other = raw_get(world.client, path, **{"If-None-Match": 'W/"other"'})
            assert other.status_code == 200 and other.headers["etag"] == answer.headers["etag"]
            listed = f'"x", {answer.headers["etag"].removeprefix("W/")}'
            assert raw_get(world.client, path, **{"If-None-Match": listed}).status_code == 304

        world.publish(title="Oficina de português em Pacaraima")
        changed = {"/api/v1/exports/practices.csv", "/api/v1/exports/bundle?uf=RR"}
        changed |= {"/api/v1/exports/practices.ndjson?uf=RR", "/feeds/practices.atom"}
        for path in changed:
            etag = first[path].headers["etag"]
            answer = raw_get(world.client, path, **{"If-None-Match": etag})
            assert answer.status_code == 200, path
            assert answer.headers["etag"] != etag
        csv = raw_get(world.client, "/api/v1/exports/practices.csv").text
        assert "Oficina de português em Pacaraima" in csv

    def test_filters_are_part_of_the_tag(self, world: World) -> None:
        world.publish()
        rr = raw_get(world.client, "/api/v1/exports/practices.csv?uf=RR").headers["etag"]
        am = raw_get(world.client, "/api/v1/exports/practices.csv?uf=AM").headers["etag"]
        as_json = raw_get(world.client, "/api/v1/exports/practices.json?uf=RR").headers["etag"]
        assert len({rr, am, as_json}) == 3
        refused = raw_get(
            world.client, "/api/v1/exports/practices.csv?uf=XX", **{"If-None-Match": "*"}
        )
        assert refused.status_code == 422  # a bad filter is refused before any revalidation

    def test_an_authenticated_request_may_still_cache_open_data(self, world: World) -> None:
        from tests.builders import auth

        world.publish()
        answer = world.client.get("/api/v1/exports/practices.csv", headers=auth(world.owner))
        assert answer.headers["cache-control"] == "public, no-cache"


class TestCompression:
    @pytest.mark.parametrize("encoding", ["gzip", "br"])
    def test_big_answers_travel_compressed_as_the_client_asks(
        self, world: World, encoding: str, tmp_path: Path
    ) -> None:
        for n in range(3):
            world.publish(title=f"Casa de passagem número {n}")
        world.session.commit()
        sync_once(get_engine(), get_settings())  # the search index, for the search answer
        decode = gzip.decompress if encoding == "gzip" else brotli.decompress
        for path in (
            "/api/v1/exports/practices.csv",  # streamed
            "/api/v1/exports/practices.json",
            "/api/v1/search/practices?q=casa",
            "/data.json",
            "/",  # an HTML page
            "/api/v1/exports/bundle?uf=RR",
        ):
            plain = raw_get(world.client, path)
            packed = raw_get(world.client, path, **{"Accept-Encoding": encoding})
            assert plain.status_code == packed.status_code == 200, path
            assert "content-encoding" not in plain.headers, path
            assert packed.headers["content-encoding"] == encoding, path
            assert "accept-encoding" in packed.headers["vary"].lower(), path
            assert len(packed.content) < len(plain.content), path
            if path.endswith("bundle?uf=RR"):  # a different file each time: compare its rows
                unpacked = _practices(decode(packed.content), tmp_path / "packed.sqlite")
                assert unpacked == _practices(plain.content, tmp_path / "plain.sqlite")
            elif path == "/data.json":  # says "modified now" for a dataset never changed
                titles = [d["title"] for d in json.loads(decode(packed.content))["dataset"]]
                assert titles == [d["title"] for d in json.loads(plain.content)["dataset"]]
            else:
                assert decode(packed.content) == plain.content, path

    def test_small_answers_are_sent_as_they_are(self, world: World) -> None:
        answer = raw_get(world.client, "/healthz", **{"Accept-Encoding": "gzip, br"})
        assert answer.status_code == 200
        assert len(answer.content) < 1024 and "content-encoding" not in answer.headers


def _practices(data: bytes, path: Path) -> list[tuple[object, ...]]:
    path.write_bytes(data)
    with sqlite3.connect(path) as db:
        return list(db.execute("SELECT * FROM practices ORDER BY id"))


def test_static_files_say_how_long_they_may_be_kept(client: TestClient) -> None:
    first = raw_get(client, "/static/site.css")
    assert first.status_code == 200
    assert first.headers["cache-control"] == "public, max-age=3600"
    again = raw_get(client, "/static/site.css", **{"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.headers["cache-control"] == "public, max-age=3600"
