"""Charts as inline SVG, built on the server from plain numbers: pure functions, no database.

The survey results page, the minutes and the annual report use the same functions, so a chart
looks the same on screen and in a PDF. Labels are escaped; colours come from the design tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PRIMARY = "#0f4c5c"
ACCENT = "#e36414"
LINE = "#d8e0e3"
INK = "#1d2a30"
MUTED = "#56656c"


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def bar_chart(
    items: Sequence[tuple[str, float]], *, title: str = "", width: int = 480, bar_height: int = 22,
    gap: int = 8, label_width: int = 190, color: str = PRIMARY, max_value: float | None = None,
) -> str:
    """Horizontal bars, one per (label, value); the value is written at the end of each bar."""
    top = 28 if title else 6
    height = top + len(items) * (bar_height + gap) + 4
    biggest = max_value if max_value is not None else max((v for _, v in items), default=0)
    scale = (width - label_width - 48) / biggest if biggest else 0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title or "chart")}">',
    ]
    if title:
        parts.append(f'<text x="0" y="16" font-size="14" font-weight="700" fill="{INK}">{escape(title)}</text>')
    for index, (label, value) in enumerate(items):
        y = top + index * (bar_height + gap)
        bar = max(value * scale, 0)
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" font-size="12" '
                     f'text-anchor="end" fill="{INK}"><title>{escape(label)}</title>{escape(short)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="{bar_height}" rx="3" fill="{color}"/>')
        parts.append(f'<text x="{label_width + bar + 6:.1f}" y="{y + bar_height * 0.7:.1f}" font-size="12" '
                     f'fill="{MUTED}">{escape(_number(value))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def column_chart(
    items: Sequence[tuple[str, float]], *, title: str = "", width: int = 480, height: int = 220,
    color: str = ACCENT,
) -> str:
    """Vertical columns (e.g. a rating distribution 1…5, or figures by year)."""
    top, bottom = (36 if title else 18), 24
    plot = height - top - bottom
    biggest = max((v for _, v in items), default=0) or 1
    step = width / max(len(items), 1)
    column = step * 0.6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title or "chart")}">',
        f'<line x1="0" y1="{top + plot}" x2="{width}" y2="{top + plot}" stroke="{LINE}"/>',
    ]
    if title:
        parts.append(f'<text x="0" y="16" font-size="14" font-weight="700" fill="{INK}">{escape(title)}</text>')
    for index, (label, value) in enumerate(items):
        h = plot * value / biggest
        x = index * step + (step - column) / 2
        parts.append(f'<rect x="{x:.1f}" y="{top + plot - h:.1f}" width="{column:.1f}" height="{h:.1f}" rx="3" '
                     f'fill="{color}"/>')
        parts.append(f'<text x="{x + column / 2:.1f}" y="{top + plot - h - 4:.1f}" font-size="12" '
                     f'text-anchor="middle" fill="{MUTED}">{escape(_number(value))}</text>')
        parts.append(f'<text x="{x + column / 2:.1f}" y="{height - 6}" font-size="12" text-anchor="middle" '
                     f'fill="{INK}">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def progress_bar(value: float, *, maximum: float = 100, width: int = 160, height: int = 12,
                 color: str = PRIMARY) -> str:
    """A single horizontal gauge (e.g. an average rating out of 5, a compliance percentage)."""
    share = 0 if not maximum else max(0.0, min(value / maximum, 1.0))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(_number(value))} / {escape(_number(maximum))}">'
            f'<rect width="{width}" height="{height}" rx="{height / 2}" fill="{LINE}"/>'
            f'<rect width="{width * share:.1f}" height="{height}" rx="{height / 2}" fill="{color}"/></svg>')
