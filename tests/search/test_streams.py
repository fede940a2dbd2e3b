"""The API's search transport on the event loop (app/search/streams.py), against a real
Meilisearch and against a small server that misbehaves the ways HTTP servers do: a kept-alive
connection it has closed, a chunked answer, an error, silence."""

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchTimeoutError,
)

from app.search import streams
from app.search.server import MeiliProcess, free_port

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
T = TypeVar("T")


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """On a loop of its own in another thread, as a server process runs it: the browser tests'
    sync Playwright keeps a loop running in this one."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


async def _request(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length")
    )
    return await reader.readexactly(length)


async def _serve(handler: Handler, check: Callable[[str], Awaitable[None]]) -> None:
    port = free_port()
    server = await asyncio.start_server(handler, "127.0.0.1", port)
    async with server:
        await check(f"http://127.0.0.1:{port}")


def test_a_search_on_a_real_server_and_its_errors(meili: MeiliProcess) -> None:
    async def check() -> None:
        answer = await streams.post(meili.url, meili.master_key, 5, "indexes/nada/search", {})
        raise AssertionError(answer)  # the index does not exist

    with pytest.raises(MeilisearchApiError) as refused:
        _run(check())
    assert refused.value.status_code == 404 and refused.value.code == "index_not_found"

    async def health() -> dict[str, object]:
        # Twice on one loop: the second request goes over the kept-alive connection.
        await streams.post(meili.url, meili.master_key, 5, "multi-search", {"queries": []})
        return await streams.post(meili.url, meili.master_key, 5, "multi-search", {"queries": []})

    assert _run(health()) == {"results": []}


def test_a_connection_the_server_closed_is_sent_again_on_a_new_one() -> None:
    served = []

    async def once_then_close(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        served.append(await _request(reader))
        body = b'{"n": %d}' % len(served)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        await writer.drain()
        writer.close()  # closed without saying so: the client kept it

    async def check(url: str) -> None:
        assert await streams.post(url, None, 2, "x", {"q": 1}) == {"n": 1}
        await asyncio.sleep(0.05)
        assert await streams.post(url, None, 2, "x", {"q": 2}) == {"n": 2}

    _run(_serve(once_then_close, check))
    assert served == [b'{"q":1}', b'{"q":2}']


def test_a_chunked_answer_is_read_whole() -> None:
    async def chunked(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        writer.write(b'5\r\n{"hit\r\n8\r\ns": [1]}\r\n0\r\n\r\n')
        await writer.drain()

    async def check(url: str) -> None:
        assert await streams.post(url, None, 2, "x", {}) == {"hits": [1]}

    _run(_serve(chunked, check))


def test_silence_is_a_timeout_and_a_dropped_answer_a_communication_error() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _request(reader)
        await asyncio.sleep(5)

    async def dropped(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{")
        await writer.drain()
        writer.close()

    async def times_out(url: str) -> None:
        with pytest.raises(MeilisearchTimeoutError):
            await streams.post(url, None, 0.3, "x", {})

    async def breaks(url: str) -> None:
        with pytest.raises(MeilisearchCommunicationError):
            await streams.post(url, None, 2, "x", {})

    _run(_serve(silent, times_out))
    _run(_serve(dropped, breaks))
    with pytest.raises(MeilisearchCommunicationError):  # nobody listening
        _run(streams.post(f"http://127.0.0.1:{free_port()}", None, 1, "x", {}))
