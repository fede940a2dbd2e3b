"""Geometry of the small inline-SVG chart of shelter places and occupancy over time.
Pure numbers: the template draws them (no JavaScript, no chart library)."""

from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 20, 16, 34


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int
    day: date


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    places: list[Point]
    occupied: list[Point]
    y_ticks: list[tuple[float, int]]
    x_labels: list[tuple[float, date]]
    baseline: float
    left: float
    right: float

    @staticmethod
    def path(points: list[Point]) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in points)


def _nice_max(value: int) -> int:
    if value <= 10:
        return 10
    step = 10 ** (len(str(value)) - 1)
    return ((value + step - 1) // step) * step


def capacity_chart(series: list[tuple[date, int, int]]) -> Chart | None:
    """series: (as_of, total places, occupied) in any order; None with fewer than one point."""
    if not series:
        return None
    series = sorted(series)
    first, last = series[0][0], series[-1][0]
    span = max((last - first).days, 1)
    top = _nice_max(max(max(t, o) for _, t, o in series))
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        if len(series) == 1:
            return LEFT + inner_w / 2
        return LEFT + inner_w * (day - first).days / span

    def y(value: int) -> float:
        return TOP + inner_h * (1 - value / top)

    places = [Point(x(d), y(t), t, d) for d, t, _ in series]
    occupied = [Point(x(d), y(o), o, d) for d, _, o in series]
    ticks = [(y(top * i // 4), top * i // 4) for i in range(5)]
    labels = [(x(first), first)] + ([(x(last), last)] if last != first else [])
    return Chart(WIDTH, HEIGHT, places, occupied, ticks, labels, y(0), LEFT, WIDTH - RIGHT)
