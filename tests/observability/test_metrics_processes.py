"""/metrics with several app processes: each keeps its counters in the folder they share
(PROMETHEUS_MULTIPROC_DIR, prepared by scripts/metrics-dir.sh as scripts/start.sh runs it), and
one scrape, whichever process answers it, counts the requests every process served."""

import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from app.config import PROJECT_ROOT
from tests.hardening.test_two_processes import AppProcess, running

pytestmark = pytest.mark.slow

LATENCY = "partilha_http_request_duration_seconds_count"
SCRIPT = PROJECT_ROOT / "scripts" / "metrics-dir.sh"


def prepare(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARTILHA_METRICS_DIR": str(folder)}
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True)


def served(url: str, route: str) -> float:
    """The count of 200 GET answers of `route` in one scrape of `url`."""
    text = httpx.get(f"{url}/metrics", timeout=10).raise_for_status().text
    wanted = {"method": "GET", "route": route, "status": "200"}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == LATENCY and wanted.items() <= sample.labels.items():
                return float(sample.value)
    return 0.0


@pytest.fixture
def apps(env: None, tmp_path: Path) -> Iterator[list[AppProcess]]:
    shared = prepare(tmp_path / "metrics")
    assert shared.returncode == 0, shared.stderr
    child_env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": shared.stdout.strip(),
        "PARTILHA_OUTBOX_WORKER": "false",
    }
    processes = [AppProcess(n, child_env, tmp_path / f"{n}.log") for n in ("app-a", "app-b")]
    with running(processes):
        yield processes


class TestOneScrapeCountsEveryProcess:
    def test_requests_served_by_two_processes_are_summed(self, apps: list[AppProcess]) -> None:
        first, second = apps
        for app, times in ((first, 3), (second, 4)):
            for _ in range(times):
                assert httpx.get(f"{app.url}/api/v1/templates", timeout=10).status_code == 200

        assert served(first.url, "/api/v1/templates") == 7
        assert served(second.url, "/api/v1/templates") == 7

    def test_a_stopped_process_still_counts(self, apps: list[AppProcess]) -> None:
        first, second = apps
        for _ in range(2):
            assert httpx.get(f"{second.url}/api/v1/templates", timeout=10).status_code == 200
        second.stop()  # a worker replaced: what it served was served

        assert served(first.url, "/api/v1/templates") == 2


class TestTheFolder:
    def test_it_is_made_private_and_emptied_of_an_earlier_run(self, tmp_path: Path) -> None:
        folder = tmp_path / "metrics"
        folder.mkdir(mode=0o755)
        (folder / "counter_123.db").write_bytes(b"old")
        (folder / "notes.txt").write_text("kept")  # only the library's files are removed

        prepared = prepare(folder)

        assert prepared.returncode == 0, prepared.stderr
        assert Path(prepared.stdout.strip()) == folder.resolve()
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]

    def test_a_symbolic_link_is_refused(self, tmp_path: Path) -> None:
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "metrics").symlink_to(tmp_path / "elsewhere")

        prepared = prepare(tmp_path / "metrics")

        assert prepared.returncode != 0
        assert "symbolic link" in prepared.stderr
