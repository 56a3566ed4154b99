"""Charts as inline SVG for the HTML report: stacked bars and trend lines, no script, readable on paper.

Labels are passed through html.escape by the caller's data only: every label here is a month, a
number or a fixed word, but escaping costs nothing and keeps a future user label inert.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 48


def _frame(body: str, title: str, legend: Sequence[tuple[str, str]]) -> str:
    keys, x = [], LEFT
    for name, color in legend:
        keys.append(
            f'<rect x="{x}" y="{HEIGHT - 16}" width="12" height="12" fill="{color}"/>'
            f'<text x="{x + 17}" y="{HEIGHT - 6}" class="axis">{escape(name)}</text>'
        )
        x += 34 + 7 * len(name)  # about 6.5 px a character at the axis font size
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{body}{"".join(keys)}</svg>'
    )


def _nice_top(value: float) -> float:
    """A round number at or above value whose quarters are whole numbers, for the top of the y axis."""
    tops = sorted({f * 10**k for k in range(9) for f in (4, 8, 12, 20, 40, 60)})
    return float(next((top for top in tops if top >= value), value))


def _axes(labels: Sequence[str], top: float, unit: str) -> str:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = []
    for i in range(5):
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        shown = f"{value:g}" if value == int(value) else f"{value:.1f}"
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="axis">{shown}{unit}</text>')
    step = max(1, len(labels) // 12)  # at most about twelve month labels under the axis
    for i, label in enumerate(labels):
        if i % step == 0:
            x = _x(i, len(labels))
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" class="axis">{escape(label)}</text>'
            )
    return "".join(parts)


def _x(i: int, n: int) -> float:
    slot = (WIDTH - LEFT - RIGHT) / max(n, 1)
    return LEFT + slot * (i + 0.5)


def stacked_bars(title: str, labels: Sequence[str], series: Sequence[tuple[str, str, Sequence[float]]]) -> str:
    """One bar per label, stacked from series of (name, color, value per label), bottom first."""
    totals = [sum(values[i] for _, _, values in series) for i in range(len(labels))]
    top = _nice_top(max(totals, default=0))
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    bar = max(2.0, slot * 0.7)
    parts = [_axes(labels, top, "")]
    for i, label in enumerate(labels):
        y: float = TOP + plot_h
        for name, color, values in series:
            if not values[i]:
                continue
            h = plot_h * values[i] / top
            y -= h
            parts.append(
                f'<rect x="{_x(i, len(labels)) - bar / 2:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{color}"><title>{escape(label)}: {values[i]:g} {escape(name)}</title></rect>'
            )
    return _frame("".join(parts), title, [(name, color) for name, color, _ in series])


def trend_lines(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, str, Sequence[float | None]]], unit: str
) -> str:
    """One line per series over the labels; a missing value breaks the line and shows no point."""
    values = [v for _, _, vs in series for v in vs if v is not None]
    top = _nice_top(max(values, default=0))
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [_axes(labels, top, unit)]
    for name, color, points in series:
        runs: list[list[str]] = [[]]
        for i, value in enumerate(points):
            if value is None:
                runs.append([])
                continue
            x, y = _x(i, len(labels)), TOP + plot_h - plot_h * value / top
            runs[-1].append(f"{x:.1f},{y:.1f}")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}">'
                f"<title>{escape(name)} {escape(labels[i])}: {value:.0f}{escape(unit)}</title></circle>"
            )
        for run in runs:
            if len(run) > 1:
                parts.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{color}" stroke-width="2"/>')
    return _frame("".join(parts), title, [(name, color) for name, color, _ in series])
