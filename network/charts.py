"""The portal's one chart module: inline SVG built on the server from plain numbers, drawn with the
design tokens of static/css/portal.css. Pure functions, no database, no JavaScript, no inline
styles (CSP); the staff dashboard, the survey results, the minutes and the PDF report use the same
functions, so a chart looks the same on screen and on paper (WeasyPrint draws inline SVG). Labels
are escaped; a long label is shortened with its full text in a <title>.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe

# The design tokens (static/css/portal.css :root); a test keeps them equal.
TOKENS = {
    "--c-ink": "#1d2a30",
    "--c-muted": "#56656c",
    "--c-line": "#d8e0e3",
    "--c-primary": "#0f4c5c",
    "--c-accent": "#b84f0d",
}
INK, MUTED, LINE = TOKENS["--c-ink"], TOKENS["--c-muted"], TOKENS["--c-line"]
PRIMARY, ACCENT = TOKENS["--c-primary"], TOKENS["--c-accent"]


def number(value: float) -> str:
    """A figure as charts print it: thousands with a thin space, one decimal when not whole."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "\u202f")
    return f"{int(value):,}".replace(",", "\u202f")


def _label(label: str, limit: int) -> str:
    if len(label) <= limit:
        return escape(label)
    return f"<title>{escape(label)}</title>{escape(label[: limit - 1].rstrip())}…"


def _open(width: int, height: int, title: str) -> list[str]:
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="{escape(title or "chart")}">']
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    return parts


def bar_chart(rows: Sequence[tuple[str, float]], *, title: str = "", width: int = 520, color: str = PRIMARY,
              max_value: float | None = None, suffix: str = "", label_width: int = 230) -> SafeString:
    """Horizontal bars, one per (label, value), the value written after each bar."""
    row_height, gap = 22, 6
    height = max(1, len(rows)) * (row_height + gap) + 8
    top = max_value if max_value is not None else max((value for _, value in rows), default=0)
    bar_space = width - label_width - 60
    parts = _open(width, height, title)
    for index, (label, value) in enumerate(rows):
        y = 4 + index * (row_height + gap)
        bar = 0 if not top else max(0.0, min(1.0, value / top)) * bar_space
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" font-size="11" fill="{INK}">'
            f"{_label(label, 34)}</text>"
            f'<rect x="{label_width}" y="{y}" width="{bar_space}" height="{row_height}" fill="{LINE}" opacity="0.4"/>'
            f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="{row_height}" rx="3" fill="{color}"/>'
            f'<text x="{label_width + bar + 6:.1f}" y="{y + 15}" font-size="12" fill="{INK}">'
            f"{number(value)}{escape(suffix)}</text>"
        )
    if not rows:
        parts.append(f'<text x="0" y="20" font-size="12" fill="{MUTED}">—</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every label and value above is escaped)


def column_chart(items: Sequence[tuple[str | int, float]], *, title: str = "", width: int = 520, height: int = 200,
                 color: str = ACCENT, highlight_last: bool = False, max_labels: int = 14) -> SafeString:
    """Vertical columns, one per (label, value): a rating distribution 1…5, or figures by year (with
    `highlight_last`, the last column in `color` and the others muted)."""
    left, bottom, top_pad = 36, 24, 16
    plot_w, plot_h = width - left - 8, height - bottom - top_pad
    top = max((value for _, value in items), default=0) or 1
    parts = _open(width, height, title)
    parts.append(f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - 8}" y2="{top_pad + plot_h}" '
                 f'stroke="{LINE}"/>')
    parts.append(f'<text x="{left - 4}" y="{top_pad + 4}" text-anchor="end" font-size="10" fill="{MUTED}">'
                 f"{number(top)}</text>")
    count = max(1, len(items))
    slot = min(plot_w / count, 60)
    every = max(1, -(-count // max_labels))
    for index, (label, value) in enumerate(items):
        bar_h = value / top * plot_h
        x = left + index * slot + slot * 0.15
        fill = MUTED if highlight_last and index != count - 1 else color
        parts.append(f'<rect x="{x:.1f}" y="{top_pad + plot_h - bar_h:.1f}" width="{slot * 0.7:.1f}" '
                     f'height="{bar_h:.1f}" rx="2" fill="{fill}"/>')
        if (index % every == 0 and count - 1 - index >= every) or index == count - 1:
            parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{height - 8}" text-anchor="middle" font-size="10" '
                         f'fill="{INK}">{escape(str(label))}</text>')
        if value and count <= max_labels:
            parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{top_pad + plot_h - bar_h - 3:.1f}" '
                         f'text-anchor="middle" font-size="9" fill="{INK}">{number(value)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308


def trend_chart(points: Sequence[tuple[int, float]], *, title: str = "", width: int = 520, height: int = 180,
                color: str = PRIMARY) -> SafeString:
    """One column per year since the first, the chosen (last) year highlighted."""
    return column_chart(points, title=title, width=width, height=height, color=color, highlight_last=True)


def progress_bars(rows: Sequence[tuple[str, float, str]], *, title: str = "", width: int = 520) -> SafeString:
    """Percentages (0–100), each with its own colour: the progress of each action line."""
    row_height, label_width, gap = 22, 250, 6
    height = max(1, len(rows)) * (row_height + gap) + 8
    bar_space = width - label_width - 50
    parts = _open(width, height, title)
    for index, (label, percent, colour) in enumerate(rows):
        y = 4 + index * (row_height + gap)
        bar = max(0.0, min(100.0, percent)) / 100 * bar_space
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" font-size="11" fill="{INK}">'
            f"{_label(label, 38)}</text>"
            f'<rect x="{label_width}" y="{y}" width="{bar_space}" height="{row_height}" fill="{LINE}" opacity="0.5"/>'
            f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="{row_height}" rx="3" fill="{escape(colour)}"/>'
            f'<text x="{label_width + bar_space + 6}" y="{y + 15}" font-size="12" fill="{INK}">'
            f"{percent:.0f}\u202f%</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308


def progress_bar(value: float, *, maximum: float = 100, width: int = 160, height: int = 12,
                 color: str = PRIMARY) -> SafeString:
    """A single gauge (an average rating out of 5, a compliance percentage)."""
    share = 0 if not maximum else max(0.0, min(value / maximum, 1.0))
    return mark_safe(  # noqa: S308
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{number(value)} / {number(maximum)}">'
        f'<rect width="{width}" height="{height}" rx="{height / 2}" fill="{LINE}"/>'
        f'<rect width="{width * share:.1f}" height="{height}" rx="{height / 2}" fill="{color}"/></svg>')
