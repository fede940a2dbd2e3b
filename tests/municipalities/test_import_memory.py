"""A 100,000-row capacity sheet (3 MB) is read as a stream: the app's memory grows by under
50 MB during the dry run (it grew by ~200 MB when every row was kept as a validated report).

The app runs in a subprocess of its own and the growth is its resident memory (sampled while
the request runs, against the same process just before it), so tests running in parallel in
other processes cannot move the figure, and no tracing slows the 100,000 rows down."""

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from app.municipalities.models import Municipality
from tests.builders import auth
from tests.municipalities.conftest import Actors

ROWS = 100_000
BUDGET_MB = 50

PROBE = """
import json, sys, threading, time
from fastapi.testclient import TestClient
from app.main import create_app

def rss_mb():
    with open("/proc/self/status") as status:
        line = next(l for l in status if l.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024

path, headers = sys.argv[1], json.loads(sys.argv[2])
data = open(path, "rb").read()
small = data[: data.index(b"\\n", 200) + 1]
url = "/api/v1/capacity-reports/import"
with TestClient(create_app()) as client:
    # A small import first, so modules and caches are loaded before the baseline.
    assert client.post(url, files={"file": ("a.csv", small)}, headers=headers).status_code == 200
    baseline, peak, done = rss_mb(), [0.0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_mb())
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    response = client.post(url, files={"file": ("big.csv", data)}, headers=headers)
    done.set()
    sampler.join()
    print(json.dumps({"status": response.status_code, "body": response.json(),
                      "baseline_mb": baseline, "growth_mb": peak[0] - baseline}))
"""


def big_sheet(codes: list[int]) -> bytes:
    header = "ibge_code;as_of;source;abrigo_institucional_total;abrigo_institucional_occupied"
    lines = [header]
    start = date(2024, 1, 1)
    for i in range(ROWS):
        day = start + timedelta(days=i // len(codes))
        lines.append(f"{codes[i % len(codes)]};{day:%d/%m/%Y};outro;{i % 90 + 10};{i % 10}")
    return ("\r\n".join(lines) + "\r\n").encode()


class TestImportMemory:
    @pytest.mark.slow
    def test_a_100k_row_dry_run_grows_memory_by_under_50_mb(
        self, session: Session, actors: Actors, tmp_path: Path
    ) -> None:
        codes = list(session.exec(select(Municipality.ibge_code).order_by(Municipality.ibge_code)))
        session.commit()  # SQLite: the subprocess writes nothing, but must not wait on us
        data = big_sheet(codes)
        assert len(data) > 2_900_000
        sheet = tmp_path / "capacidade.csv"
        sheet.write_bytes(data)
        # The subprocess inherits this test's environment: its database and Meilisearch.
        run = subprocess.run(
            [sys.executable, "-c", PROBE, str(sheet), json.dumps(auth(actors.curator))],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert run.returncode == 0, run.stderr[-3000:]
        result = json.loads(run.stdout.strip().splitlines()[-1])
        body = result["body"]
        assert result["status"] == 200, body
        assert (body["rows"], body["new"], body["errors"]) == (ROWS, ROWS, [])
        growth = result["growth_mb"]
        assert growth < BUDGET_MB, f"the dry run grew the app's memory by {growth:.0f} MB"
