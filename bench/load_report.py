"""Figures of bench/load.py: what each run records, the table, the targets with PASS/MISS.
Nothing here runs when the file is executed on its own (`make bench` runs bench/*.py)."""

import math
import os
from dataclasses import dataclass, field
from typing import Any

from bench.load_latency import print_breakdown

NAMES = {
    "search": "search (API)",
    "page": "practice page (HTML)",
    "submit": "submit (create+submit)",
    "curate": "curate (claim+decide)",
}
SEARCH_P95_RATIO = 1.3  # searching only: the app's p95 / Meilisearch's own, same clients
RSS_GROWTH_PCT = 10.0
THROUGHPUT_RATIO = 0.5  # mixed run: the app's search throughput / Meilisearch's alone
APPROVAL_P95_MS = 500.0


@dataclass
class Stats:
    """One run: latencies of the operations that succeeded, errors, CPU and the app's RSS,
    all over the measured window (the warm-up is not counted)."""

    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    samples: list[str] = field(default_factory=list)
    starved: int = 0  # curation turns that found the queue empty
    cpu_s: dict[str, float] = field(default_factory=dict)  # per process
    rss_kib: list[int] = field(default_factory=list)  # the app's, every half second
    approvals: list[float] = field(default_factory=list)  # ms from approval to searchable
    watched: list[Any] = field(default_factory=list)  # the same, load_latency.Watched

    def ok(self, kind: str, ms: float) -> None:
        self.latencies.setdefault(kind, []).append(ms)

    def fail(self, kind: str, what: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if len(self.samples) < 8:
            self.samples.append(f"{kind}: {what}"[:300])

    def merge(self, other: "Stats") -> None:
        """Add another run's figures (the RSS samples are not merged)."""
        self.seconds += other.seconds
        for kind, values in other.latencies.items():
            self.latencies.setdefault(kind, []).extend(values)
        for kind, count in other.errors.items():
            self.errors[kind] = self.errors.get(kind, 0) + count
        self.samples += other.samples[: max(0, 8 - len(self.samples))]
        self.starved += other.starved
        for process, seconds in other.cpu_s.items():
            self.cpu_s[process] = round(self.cpu_s.get(process, 0.0) + seconds, 2)

    def rate(self, kind: str) -> float:
        return len(self.latencies.get(kind, [])) / self.seconds

    def cpu_ms_per(self, kind: str, process: str) -> float:
        count = len(self.latencies.get(kind, []))
        return self.cpu_s.get(process, math.nan) * 1000 / count if count else math.nan


def pct(values: list[float], p: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def row(name: str, values: list[float], errors: int, seconds: float) -> str:
    figures = [pct(values, 50), pct(values, 95), pct(values, 99), max(values, default=math.nan)]
    return (
        f"  {name:<24}{len(values):>7}{len(values) / seconds:>8.1f}"
        + "".join(f"{v:>9.1f}" for v in figures)
        + f"{errors:>8}"
    )


def _table(args: Any, mixed: Stats, app_only: Stats, direct: Stats) -> None:
    head = ["count", "ops/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"]
    widths = [7, 8, 9, 9, 9, 9, 8]
    cells = "".join(f"{h:>{w}}" for h, w in zip(head, widths, strict=True))
    print(f"\n  {'operation':<24}{cells}")
    every: list[float] = []
    for kind, name in NAMES.items():
        every += mixed.latencies.get(kind, [])
        print(row(name, mixed.latencies.get(kind, []), mixed.errors.get(kind, 0), args.duration))
    print(row("all (mixed run)", every, sum(mixed.errors.values()), args.duration))
    only, straight = app_only.latencies.get("search", []), direct.latencies.get("direct", [])
    print(row("search only, app", only, sum(app_only.errors.values()), args.baseline))
    print(row("search only, Meilisearch", straight, sum(direct.errors.values()), args.baseline))
    if mixed.starved:
        print(f"  (the curation queue was empty {mixed.starved} times: those turns did nothing)")
    for sample in (mixed.samples + app_only.samples + direct.samples)[:8]:
        print(f"  error: {sample}")


def _resources(args: Any, mixed: Stats, app_only: Stats, direct: Stats) -> float:
    first, last = mixed.rss_kib[0], mixed.rss_kib[-1]
    growth = (last - first) / first * 100
    print(
        f"\napp RSS: {first / 1024:.1f} MB after warm-up, {last / 1024:.1f} MB at the end "
        f"({growth:+.1f}%), peak {max(mixed.rss_kib) / 1024:.1f} MB"
    )
    cpu = mixed.cpu_s
    print(
        f"CPU seconds in the measured {args.duration:.0f} s (of "
        f"{(os.cpu_count() or 1) * args.duration:.0f} available): app {cpu['app']:.1f}, "
        f"Meilisearch {cpu['meilisearch']:.1f}, PostgreSQL {cpu['postgresql']:.1f}, this client "
        f"{cpu['client']:.1f}"
    )
    print(
        "CPU ms per search, searching only: app "
        f"{app_only.cpu_ms_per('search', 'app'):.2f} + Meilisearch "
        f"{app_only.cpu_ms_per('search', 'meilisearch'):.2f} through the app; Meilisearch "
        f"{direct.cpu_ms_per('direct', 'meilisearch'):.2f} straight; client "
        f"{app_only.cpu_ms_per('search', 'client'):.2f} / "
        f"{direct.cpu_ms_per('direct', 'client'):.2f}"
    )
    _budget(mixed, direct)
    return growth


def _budget(mixed: Stats, direct: Stats) -> None:
    """The mixed run's CPU per operation, every process counted, and what the throughput target
    would take of the machine at that cost: the bound two cores put on the ratio."""
    operations = sum(len(v) for v in mixed.latencies.values())
    searches = len(mixed.latencies.get("search", []))
    if not operations or not searches:
        return
    per_op_ms = sum(mixed.cpu_s.values()) * 1000 / operations
    need = THROUGHPUT_RATIO * direct.rate("direct") * operations / searches * per_op_ms / 1000
    cores = os.cpu_count() or 1
    print(
        f"CPU per operation of the mixed run, every process: {per_op_ms:.1f} ms; search throughput "
        f"{THROUGHPUT_RATIO}x direct would take {need:.1f} CPU-seconds per second of the {cores} "
        f"there are (at this cost the machine bounds the ratio at "
        f"{THROUGHPUT_RATIO * cores / need:.2f})"
    )


def report(
    args: Any,
    setup: dict[str, Any],
    mixed: Stats,
    app_only: Stats,
    direct: Stats,
    approval_phases: dict[str, Any],
) -> dict[str, Any]:
    """Print the table and the targets; return the figures (printed as JSON by the caller)."""
    print(
        f"\nPartilha load benchmark — PostgreSQL, {setup['published']} published practices, "
        f"{args.clients} clients, {args.duration:.0f} s measured after {args.warmup:.0f} s of "
        "warm-up, one app process"
    )
    if args.think_ms:
        print(f"each client pauses {args.think_ms:.0f} ms on average between operations")
    else:
        print(
            "clients send the next operation as soon as an answer arrives: mean latency = "
            "clients / throughput (Little's law), so latency shows how much the machine can do"
        )
    print(
        f"machine: {os.cpu_count()} CPUs shared by this client, the app, Meilisearch and "
        f"PostgreSQL; load average {setup['load_start']:.2f} before, "
        f"{os.getloadavg()[0]:.2f} after"
    )
    _table(args, mixed, app_only, direct)
    growth = _resources(args, mixed, app_only, direct)
    print_breakdown(approval_phases)
    errors = sum(sum(s.errors.values()) for s in (mixed, app_only, direct))
    p95 = pct(mixed.latencies.get("search", []), 95)
    only_p95 = pct(app_only.latencies.get("search", []), 95)
    direct_p95 = pct(direct.latencies.get("direct", []), 95)
    p95_ratio = only_p95 / direct_p95
    approval_p95 = pct(mixed.approvals, 95)
    straight = direct.rate("direct") or math.nan
    ratio, ratio_only = mixed.rate("search") / straight, app_only.rate("search") / straight
    targets = [
        ("errors == 0", f"{errors}", errors == 0),
        (
            f"search_p95_ratio <= {SEARCH_P95_RATIO}",
            f"{p95_ratio:.2f} ({only_p95:.0f} / {direct_p95:.0f} ms, searching only)",
            p95_ratio <= SEARCH_P95_RATIO,
        ),
        (
            f"throughput_ratio >= {THROUGHPUT_RATIO}",
            f"{ratio:.2f} in the mixed run ({ratio_only:.2f} searching only)",
            ratio >= THROUGHPUT_RATIO,
        ),
        (
            f"approval_to_searchable_p95_ms <= {APPROVAL_P95_MS:.0f}",
            f"{approval_p95:.0f} ms ({len(mixed.approvals)} approvals)",
            approval_p95 <= APPROVAL_P95_MS,
        ),
        (
            f"rss_growth_pct <= {RSS_GROWTH_PCT:.0f}",
            f"{growth:+.1f}%",
            growth <= RSS_GROWTH_PCT,
        ),
    ]
    print("\ntargets")
    for name, value, met in targets:
        print(f"  {name:<38} {value:<46} {'PASS' if met else 'MISS'}")
    return {
        "clients": args.clients,
        "duration_s": args.duration,
        "published": setup["published"],
        "ops_per_s": {k: round(mixed.rate(k), 1) for k in NAMES},
        "p50_ms": {k: round(pct(mixed.latencies.get(k, []), 50), 1) for k in NAMES},
        "p95_ms": {k: round(pct(mixed.latencies.get(k, []), 95), 1) for k in NAMES},
        "errors": errors,
        "search_p95_ms_mixed": round(p95, 1),
        "search_p95_ratio": round(p95_ratio, 2),
        "throughput_ratio": round(ratio, 2),
        "throughput_ratio_search_only": round(ratio_only, 2),
        "approval_to_searchable_p95_ms": round(approval_p95, 1),
        "approvals_watched": len(mixed.approvals),
        "approval_phases_ms": approval_phases,
        "rss_growth_pct": round(growth, 1),
        "search_rps": {"mixed": round(mixed.rate("search"), 1)},
        "search_only_rps": {"app": round(app_only.rate("search"), 1), "direct": straight},
        "cpu_s_mixed": mixed.cpu_s,
        "cpus": os.cpu_count(),
        "load_average": [round(setup["load_start"], 2), round(os.getloadavg()[0], 2)],
        "targets_met": {name: met for name, _, met in targets},
    }
