"""Open-data exports at scale: N published practices (default 100,000) streamed as CSV, NDJSON
and JSON through the same generator the API's StreamingResponse iterates, and the offline
bundle of the UF with the most practices.

    .venv/bin/python bench/export.py                       # SQLite in a temporary directory
    .venv/bin/python bench/export.py --rows 20000 --postgres postgresql://postgres@127.0.0.1:5432/postgres

Prints, per format: seconds, rows/s, MB streamed, time to the first chunk; the Python heap peak
(tracemalloc) while streaming, against what materialising the rows would hold (measured on a
sample and scaled); the target (streaming holds under a tenth of that) with PASS/MISS; and the
last line as JSON. Exits 0 whatever the figures."""

import argparse
import json
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PARTILHA_ARGON2_TIME_COST", "1")
os.environ.setdefault("PARTILHA_ARGON2_MEMORY_KIB", "1024")


def stream(fmt: str, traced: bool) -> dict[str, float]:
    from app.db import new_session
    from app.opendata import service
    from app.opendata.columns import Format
    from app.opendata.models import ExportQuery

    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    first = size = 0.0
    with new_session() as session:
        export = service.export(session, "practices", Format(fmt), ExportQuery())
        for chunk in export.chunks:
            first = first or time.perf_counter() - started
            size += len(chunk)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    if traced:
        tracemalloc.stop()
    return {"seconds": elapsed, "first_chunk_s": first, "mb": size / 1e6, "peak_mb": peak / 1e6}


def materialised_mb(rows: int, sample: int = 5000) -> float:
    """The heap that a list of every row would hold, from a measured sample."""
    from app.db import new_session
    from app.opendata import datasets
    from app.opendata.models import Filters

    tracemalloc.start()
    with new_session() as session:
        held = []
        for row in datasets.get("practices").rows(session, Filters()):
            held.append(row)
            if len(held) == sample:
                break
        current = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return current / 1e6 * rows / len(held)


def bundle_figures(uf: str) -> dict[str, Any]:
    from app.db import new_session
    from app.opendata.bundle import bundle_to_temp

    started = time.perf_counter()
    with new_session() as session:
        path, manifest = bundle_to_temp(session, uf)
    elapsed = time.perf_counter() - started
    size = path.stat().st_size
    path.unlink()
    return {
        "uf": uf,
        "seconds": round(elapsed, 2),
        "mb": round(size / 1e6, 1),
        "practices": manifest.counts["practices"],
    }


def run(url: str, label: str, rows: int) -> dict[str, Any]:
    os.environ["PARTILHA_DATABASE_URL"] = url
    from app.accounts import service as accounts
    from app.accounts.models import OrganisationCreate, Role, UserCreate
    from app.assembly import assemble
    from app.cli import migrate_fresh
    from app.config import get_settings
    from app.db import get_engine, new_session
    from tests.opendata.bulk import seed_published

    get_settings.cache_clear()
    get_engine.cache_clear()
    assemble()  # the datasets the exports stream are registered there
    migrate_fresh(url)
    with new_session() as session:
        org = accounts.create_organisation(session, OrganisationCreate(name="Bench", type="osc"))
        user = accounts.create_user(
            session,
            UserCreate(
                email="bench@partilha.org",
                name="Bench",
                password="bench-password-123",
                role=Role.contributor,
                organisation="Bench",
            ),
        )
    started = time.perf_counter()
    seed_published(get_engine(), rows, org.id or 0, user.id or 0)
    print(f"[{label}] seeded {rows} published practices in {time.perf_counter() - started:.1f} s")
    figures: dict[str, Any] = {"backend": label, "rows": rows}
    for fmt in ("csv", "ndjson", "json"):
        result = stream(fmt, traced=False)
        figures[fmt] = {k: round(v, 2) for k, v in result.items() if k != "peak_mb"}
        figures[fmt]["rows_per_s"] = round(rows / result["seconds"])
        print(
            f"[{label}] {fmt:<6} {result['seconds']:6.1f} s  {rows / result['seconds']:8.0f} rows/s"
            f"  {result['mb']:6.1f} MB  first chunk after {result['first_chunk_s'] * 1000:.0f} ms"
        )
    peak = stream("csv", traced=True)["peak_mb"]
    whole = materialised_mb(rows)
    figures["heap_peak_streaming_mb"] = round(peak, 1)
    figures["heap_if_materialised_mb"] = round(whole, 1)
    print(
        f"[{label}] heap peak while streaming CSV: {peak:.1f} MB; a list of every row would "
        f"hold about {whole:.0f} MB"
    )
    figures["bundle"] = bundle_figures("RR")
    print(f"[{label}] offline bundle RR: {figures['bundle']}")
    print(f"[{label}] load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    get_engine().dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgres", help="admin URL of a PostgreSQL server (also runs on it)")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    results = []
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            results.append(run(f"sqlite:///{Path(tmp) / 'bench.sqlite'}", "sqlite", args.rows))
    if args.postgres:
        from app.db import scratch_database

        with scratch_database(args.postgres, "partilha_bench") as url:
            results.append(run(url, "postgres", args.rows))
    met = {
        f"{r['backend']}_heap_peak_streaming_mb <= 0.1 x materialised": r["heap_peak_streaming_mb"]
        <= 0.1 * r["heap_if_materialised_mb"]
        for r in results
    }
    print("\ntargets")
    for name, ok in met.items():
        print(f"  {name:<60} {'PASS' if ok else 'MISS'}")
    print(json.dumps({"runs": results, "targets_met": met}))


if __name__ == "__main__":
    main()
