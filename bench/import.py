"""Capacity import: one report for each of the 5,571 municipalities, dry run and apply.

    .venv/bin/python bench/import.py                 # SQLite in a temporary directory
    .venv/bin/python bench/import.py --postgres postgresql://postgres@127.0.0.1:5432/postgres

Each run migrates a fresh database, loads the IBGE reference, and times through the real
service (the same code as `partilha capacity import` and the HTTP endpoint): a dry run,
the apply, the same file again (all unchanged) and a file with every row changed (replaces).
Target: under 5 s for the dry run and for the apply. Prints each target with PASS/MISS and the
figures as one JSON line at the end; exits 0 whatever the figures (non-zero only on a failure)."""

import argparse
import csv
import io
import json
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.env import FAST_HASHING, verdict

for _name, _value in FAST_HASHING.items():
    os.environ.setdefault(_name, _value)

from sqlmodel import func, select  # noqa: E402

from app.municipalities.csv_import import FACILITY_COLUMNS  # noqa: E402
from app.municipalities.vocabulary import SERVICE_SLUGS, SOURCE_SLUGS  # noqa: E402

TARGET_S = 5.0


def make_csv(codes: list[int], seed: int, as_of: date) -> bytes:
    rng = random.Random(seed)
    header = ["ibge_code", "as_of", "source"]
    header += [f"{c}_{part}" for c in FACILITY_COLUMNS.values() for part in ("total", "occupied")]
    header += ["services", "receives_interiorizacao", "families_per_month", "notes"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for code in codes:
        places: list[object] = []
        for _ in FACILITY_COLUMNS:
            total = rng.randint(0, 120)
            places += [total, rng.randint(0, total)]
        receives = rng.random() < 0.3
        services = "|".join(s for s in SERVICE_SLUGS if rng.random() < 0.5)
        writer.writerow(
            [
                code,
                as_of.strftime("%d/%m/%Y"),
                rng.choice(SOURCE_SLUGS),
                *places,
                services,
                "sim" if receives else "não",
                rng.randint(0, 40) if receives else "",
                "Vagas conferidas com a secretaria de assistência social.",
            ]
        )
    return out.getvalue().encode("latin-1")


def run(url: str, label: str) -> dict[str, float]:
    os.environ["PARTILHA_DATABASE_URL"] = url
    from app.accounts import service as accounts
    from app.accounts.models import Role, UserCreate
    from app.cli import migrate_fresh
    from app.config import get_settings
    from app.db import get_engine, new_session
    from app.municipalities.importing import import_capacity
    from app.municipalities.models import CapacityPlace, CapacityReport, Municipality

    get_settings.cache_clear()
    get_engine.cache_clear()
    migrate_fresh(url)
    with new_session() as session:
        curator = accounts.create_user(
            session,
            UserCreate(
                email="bench@partilha.org",
                name="Bench",
                password="bench-password-123",
                role=Role.curator,
            ),
        )
        codes = sorted(session.exec(select(Municipality.ibge_code)).all())
    as_of = date.today() - timedelta(days=20)
    first, second = make_csv(codes, 1, as_of), make_csv(codes, 2, as_of)
    print(f"[{label}] {len(codes)} rows, {len(first) / 1e6:.2f} MB (Latin-1, ';')")
    seconds: dict[str, float] = {}
    for name, data, dry_run in (
        ("dry run", first, True),
        ("apply", first, False),
        ("same file again", first, False),
        ("every row changed", second, False),
    ):
        with new_session() as session:
            user = session.get(type(curator), curator.id)
            started, cpu = time.perf_counter(), time.process_time()
            report = import_capacity(session, user, data, dry_run=dry_run)  # type: ignore[arg-type]
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert not report.errors, report.errors[:5]
        within = elapsed < TARGET_S
        seconds[name.replace(" ", "_") + "_s"] = round(elapsed, 2)
        print(
            f"[{label}] {name:<18} {elapsed:6.2f} s (cpu {cpu:4.2f} s)  new={report.new} "
            f"replaced={report.replaced} unchanged={report.unchanged}"
            f"{'' if within else '  (over the 5 s target)'}"
        )
    with new_session() as session:
        reports = session.exec(select(func.count()).select_from(CapacityReport)).one()
        places = session.exec(select(func.count()).select_from(CapacityPlace)).one()
    print(
        f"[{label}] stored: {reports} reports, {places} facility rows; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (others' work slows wall time)"
    )
    get_engine().dispose()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="admin URL of a PostgreSQL server (also runs on it)")
    args = parser.parse_args()
    figures: dict[str, object] = {"cpus": os.cpu_count(), "load_average": os.getloadavg()[0]}
    met: dict[str, bool] = {}
    with tempfile.TemporaryDirectory() as tmp:
        runs = {"sqlite": run(f"sqlite:///{Path(tmp) / 'bench.sqlite'}", "sqlite")}
    if args.postgres:
        from app.db import scratch_database

        with scratch_database(args.postgres, "partilha_bench") as url:
            runs["postgres"] = run(url, "postgres")
    print("\ntargets")
    for label, seconds in runs.items():
        for name in ("dry_run_s", "apply_s"):
            figures[f"{label}_{name}"] = seconds[name]
            target = f"{label}_{name} < {TARGET_S:.0f}"
            met[target] = seconds[name] < TARGET_S
            print(f"  {target:<30} {seconds[name]:<8} {verdict(met[target])}")
        figures[f"{label}_unchanged_s"] = seconds["same_file_again_s"]
        figures[f"{label}_every_row_changed_s"] = seconds["every_row_changed_s"]
    figures["targets_met"] = met
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
