"""The settings every benchmark's app runs with. Nothing here runs when the file is executed on
its own (`make bench` runs bench/*.py).

The abuse limits stay ON, so their cost is in the figures, with budgets sized for the benchmark's
own clients (every client shares one loopback address): the product's defaults are untouched.
At these budgets a process reserves searches 50 at a time (app/ratelimits/leases.py, the largest
block), so the search limit's writes to the shared counter are in the figures."""

from typing import Any

from app.config import Settings

BENCH_BUDGET = "9999999/60"  # more than any benchmark sends in a minute, per rule

LIMITS = {
    "PARTILHA_RATE_LIMITS_ENABLED": "true",
    **{
        f"PARTILHA_{name.upper()}": BENCH_BUDGET
        for name in Settings.model_fields
        if name.startswith("rate_limit_")
    },
}
# Hashing passwords at the production cost would measure argon2, not Partilha.
FAST_HASHING = {"PARTILHA_ARGON2_TIME_COST": "1", "PARTILHA_ARGON2_MEMORY_KIB": "1024"}


def verdict(met: bool) -> str:
    return "PASS" if met else "MISS"


def print_targets(rows: list[tuple[str, str, bool]], figures: dict[str, Any]) -> dict[str, bool]:
    """Each target (its name, the figure it reads, met or not) with PASS/MISS under the load
    the run saw; returned by name for the JSON line."""
    print(
        f"\ntargets (load average {figures['load_average_at_start']} at the start, "
        f"{figures['load_average_at_end']} at the end, {figures['cpus']} CPUs)"
    )
    for name, figure, ok in rows:
        print(f"  {name:<40} {figures[figure]!s:<10} {verdict(ok)}")
    return {name: ok for name, _, ok in rows}
