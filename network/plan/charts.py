"""Server-side SVG charts: pure functions from numbers to markup, used by the staff dashboard and
the PDF report alike (WeasyPrint draws inline SVG). No JavaScript, no inline styles (CSP)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#d9dee3"
ACCENT = "#0b6e99"


def _number(value: float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "\u202f")
    return f"{int(value):,}".replace(",", "\u202f")


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bar_chart(rows: list[tuple[str, float]], *, title: str = "", width: int = 520, colour: str = ACCENT,
              max_value: float | None = None, suffix: str = "") -> SafeString:
    """Horizontal bars with their labels and values; one row per item."""
    row_height, label_width, gap = 22, 230, 6
    height = max(1, len(rows)) * (row_height + gap) + 8
    top = max((value for _, value in rows), default=0)
    scale_max = max_value if max_value is not None else (top or 1)
    bar_space = width - label_width - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label="{escape(title)}">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for index, (label, value) in enumerate(rows):
        y = 4 + index * (row_height + gap)
        bar = 0 if not scale_max else max(0.0, min(1.0, value / scale_max)) * bar_space
        short = _shorten(label, 34)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" font-size="11" fill="{INK}">'
            f"{escape(short)}</text>"
            f'<rect x="{label_width}" y="{y}" width="{bar_space}" height="{row_height}" fill="{GRID}" opacity="0.35"/>'
            f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="{row_height}" fill="{colour}"/>'
            f'<text x="{label_width + bar + 6:.1f}" y="{y + 15}" font-size="12" fill="{INK}">'
            f"{_number(value)}{escape(suffix)}</text>"
        )
    if not rows:
        parts.append(f'<text x="0" y="20" font-size="12" fill="{MUTED}">—</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def progress_bars(rows: list[tuple[str, float, str]], *, title: str = "", width: int = 520) -> SafeString:
    """Percentages (0–100) with a colour per row: the progress of each action line."""
    row_height, label_width, gap = 22, 250, 6
    height = max(1, len(rows)) * (row_height + gap) + 8
    bar_space = width - label_width - 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label="{escape(title)}">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for index, (label, percent, colour) in enumerate(rows):
        y = 4 + index * (row_height + gap)
        bar = max(0.0, min(100.0, percent)) / 100 * bar_space
        short = _shorten(label, 38)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" font-size="11" fill="{INK}">'
            f"{escape(short)}</text>"
            f'<rect x="{label_width}" y="{y}" width="{bar_space}" height="{row_height}" fill="{GRID}" opacity="0.5"/>'
            f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="{row_height}" fill="{colour}"/>'
            f'<text x="{label_width + bar_space + 6}" y="{y + 15}" font-size="12" fill="{INK}">{percent:.0f}\u202f%</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def trend_chart(points: list[tuple[int, float]], *, title: str = "", width: int = 520, height: int = 180,
                colour: str = ACCENT) -> SafeString:
    """Columns per year, the last year highlighted; labels under each column."""
    left, bottom, top_pad = 36, 24, 16
    plot_w, plot_h = width - left - 8, height - bottom - top_pad
    top = max((value for _, value in points), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label="{escape(title)}">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    parts.append(f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - 8}" y2="{top_pad + plot_h}" stroke="{GRID}"/>')
    parts.append(f'<text x="{left - 4}" y="{top_pad + 4}" text-anchor="end" font-size="10" fill="{MUTED}">{_number(top)}</text>')
    count = max(1, len(points))
    slot = min(plot_w / count, 60)
    every = max(1, -(-count // 14))  # at most ~14 year labels
    for index, (year, value) in enumerate(points):
        bar_h = value / top * plot_h
        x = left + index * slot + slot * 0.15
        fill = colour if index == count - 1 else MUTED
        parts.append(
            f'<rect x="{x:.1f}" y="{top_pad + plot_h - bar_h:.1f}" width="{slot * 0.7:.1f}" height="{bar_h:.1f}" fill="{fill}"/>'
        )
        if (index % every == 0 and count - 1 - index >= every) or index == count - 1:
            parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{height - 8}" text-anchor="middle" font-size="10" '
                         f'fill="{INK}">{year}</text>')
        if value and count <= 14:
            parts.append(
                f'<text x="{x + slot * 0.35:.1f}" y="{top_pad + plot_h - bar_h - 3:.1f}" text-anchor="middle" '
                f'font-size="9" fill="{INK}">{_number(value)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))
