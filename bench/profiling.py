"""py-spy around a benchmark phase: where the app's CPU goes, as a flame graph and a short table.
Nothing here runs when the file is executed on its own (`make bench` runs bench/*.py).

    with profiled(app_pid, out_dir, "search"):   # records every process under app_pid
        ...                                      # the phase being measured
    print(summary(out_dir / "search.txt"))        # the top frames by own and inclusive time
"""

import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PY_SPY = Path(sys.executable).parent / "py-spy"
# Frames that only wait (idle threads, the event loop polling): not the app's work.
IDLE = ("select (selectors.py", "wait (threading.py", "_worker (concurrent", "run (uvloop")


@contextmanager
def profiled(pid: int, out: Path, name: str, rate: int = 250) -> Iterator[None]:
    """Sample `pid` and its children while the block runs, only threads holding the GIL (the
    CPU the app's Python spends, not its waits): `name`.svg and `name`.txt (the collapsed
    stacks summary() reads). Needs ptrace rights (root, or ptrace_scope 0)."""
    out.mkdir(parents=True, exist_ok=True)
    procs = [
        subprocess.Popen(
            [
                *(str(PY_SPY), "record", "--pid", str(pid), "--subprocesses", "--gil"),
                *("--rate", str(rate), "--format", fmt, "--output", str(out / f"{name}.{ext}")),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for fmt, ext in (("flamegraph", "svg"), ("raw", "txt"))
    ]
    try:
        yield
    finally:
        for proc in procs:
            proc.send_signal(2)  # SIGINT: py-spy writes its file and exits
        for proc in procs:
            proc.wait(timeout=60)


def _frame(frame: str) -> str:
    """`function (module.py:line)` -> `function (module.py)`: lines of one function together."""
    return frame.rsplit(":", 1)[0] + ")" if frame.endswith(")") and ":" in frame else frame


def summary(raw: Path, top: int = 15) -> str:
    """The busiest frames of a py-spy raw file: own samples and inclusive samples, as shares of
    the samples where a thread was working (idle waits left out)."""
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [_frame(f) for f in stack.split(";")]
        if any(f.startswith(IDLE) for f in frames[-1:]):
            continue
        n = int(count)
        total += n
        own[frames[-1]] += n
        for frame in set(frames):
            inclusive[frame] += n
    if not total:
        return "no samples (is py-spy allowed to trace the app?)"
    lines = [f"{total} busy samples; own time:"]
    lines += [f"  {n / total:6.1%}  {f}" for f, n in own.most_common(top)]
    lines.append("inclusive time:")
    lines += [f"  {n / total:6.1%}  {f}" for f, n in inclusive.most_common(top + 10)]
    return "\n".join(lines)
