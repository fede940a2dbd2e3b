"""Runs a local Meilisearch binary (tests, `make run`, benchmarks): free loopback port,
its own data dir and master key, waits for /health."""

import os
import secrets
import socket
import subprocess
import time
from pathlib import Path

import httpx

from app.files import private_dir


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def default_binary() -> Path:
    if os.environ.get("MEILI_BIN"):
        return Path(os.environ["MEILI_BIN"])
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return cache / "partilha" / "meilisearch-1.21.0" / "meilisearch"


def indexing_memory() -> str:
    """Meilisearch's indexing memory: MEILI_MAX_INDEXING_MEMORY, else 1 GiB. With its default,
    two thirds of the RAM (16 GB here), a one-document update on 3,000 practices took ~140 ms
    and one in ten stalled 1.5–1.9 s, in buffers set up for each batch; capped at 1 GiB they
    take ~40 ms whatever the number of indexing threads (README, Deployment)."""
    return os.environ.get("MEILI_MAX_INDEXING_MEMORY") or "1GiB"


class MeiliProcess:
    def __init__(
        self,
        data_dir: Path,
        binary: Path | None = None,
        port: int | None = None,
        master_key: str | None = None,
    ):
        self.binary = binary or default_binary()
        self.data_dir = data_dir
        self.port = port or free_port()
        self.master_key = master_key or secrets.token_urlsafe(24)
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 30) -> "MeiliProcess":
        if not self.binary.exists():
            raise RuntimeError(
                f"Meilisearch binary not found at {self.binary}: run scripts/bootstrap.sh"
            )
        private_dir(self.data_dir)
        log = (self.data_dir / "meili.log").open("ab")
        self.proc = subprocess.Popen(
            [
                str(self.binary),
                "--db-path",
                str(self.data_dir / "db"),
                "--http-addr",
                f"127.0.0.1:{self.port}",
                f"--master-key={self.master_key}",  # a key may start with "-"
                "--no-analytics",
                "--env",
                "development",
                f"--max-indexing-memory={indexing_memory()}",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"Meilisearch exited with {self.proc.returncode}; see {log.name}"
                )
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"Meilisearch did not become healthy in {timeout_s} s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
