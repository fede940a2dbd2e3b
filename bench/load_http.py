"""A lean keep-alive HTTP/1.1 client for bench/load.py: asyncio streams and the httptools
parser (uvicorn's). httpx spent ~7 ms of CPU per request here with 32 clients — as much as
Meilisearch's search — and the client shares the 2 cores with what it measures.
Nothing here runs when the file is executed on its own (`make bench` runs bench/*.py)."""

import asyncio
import json
from typing import Any
from urllib.parse import urlencode, urlsplit

import httptools


class HttpError(Exception):
    """The connection failed or the answer could not be read."""


class Answer:
    """One response: status, body; what bench/load.py reads of it."""

    def __init__(self, method: str, path: str):
        self.method, self.path = method, path
        self.status_code, self.content, self.done = 0, bytearray(), False

    # httptools callbacks
    def on_body(self, body: bytes) -> None:
        self.content += body

    def on_message_complete(self) -> None:
        self.done = True

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.content)


class Client:
    """A pool of kept-alive connections to one host; safe for many tasks of one event loop."""

    def __init__(self, base_url: str, headers: dict[str, str], size: int, timeout: float = 30):
        url = urlsplit(base_url)
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80
        self.headers = {"Host": f"{self.host}:{self.port}", **headers}
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.slots = asyncio.Semaphore(size)
        self.timeout = timeout

    async def get(self, path: str, params: dict[str, Any] | None = None, **kw: Any) -> Answer:
        if params:
            path += "?" + urlencode(params, doseq=True)
        return await self.request("GET", path, **kw)

    async def post(self, path: str, json: Any = None, **kw: Any) -> Answer:
        return await self.request("POST", path, json_body=json, **kw)

    async def request(
        self,
        method: str,
        path: str,
        json_body: Any = None,
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        body, head = b"", {**self.headers, **(headers or {})}
        if json_body is not None:
            body, head["Content-Type"] = json.dumps(json_body).encode(), "application/json"
        elif data is not None:
            body = urlencode(data).encode()
            head["Content-Type"] = "application/x-www-form-urlencoded"
        head["Content-Length"] = str(len(body))
        lines = [f"{method} {path} HTTP/1.1", *(f"{k}: {v}" for k, v in head.items())]
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        async with self.slots:
            try:
                return await asyncio.wait_for(self._exchange(raw, method, path), self.timeout)
            except (TimeoutError, OSError, httptools.HttpParserError) as exc:
                raise HttpError(f"{method} {path}: {type(exc).__name__} {exc}") from exc

    async def _exchange(self, raw: bytes, method: str, path: str) -> Answer:
        reader, writer = self.idle.pop() if self.idle else await self._connect()
        answer = Answer(method, path)
        try:
            writer.write(raw)
            parser = httptools.HttpResponseParser(answer)
            while not answer.done:
                chunk = await reader.read(65536)
                if not chunk:
                    raise ConnectionResetError("the server closed the connection")
                parser.feed_data(chunk)
            answer.status_code = parser.get_status_code()
        except BaseException:
            writer.close()
            raise
        if parser.should_keep_alive():
            self.idle.append((reader, writer))
        else:
            writer.close()
        return answer

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        return await asyncio.open_connection(self.host, self.port)

    async def aclose(self) -> None:
        while self.idle:
            self.idle.pop()[1].close()
