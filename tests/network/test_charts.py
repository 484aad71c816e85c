"""The one chart module (network.charts): valid SVG, escaped labels, drawn with the design tokens."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from network import charts

SVG = "{http://www.w3.org/2000/svg}"


def _bars(svg: str, colour: str) -> list[ET.Element]:
    return [r for r in ET.fromstring(svg).iter(f"{SVG}rect") if r.get("fill") == colour]


def test_bar_chart_is_valid_svg_with_one_bar_per_item_and_escaped_labels():
    svg = charts.bar_chart([("Ponencias", 4), ("Visitas <técnicas>", 2)], title="Lo mejor")
    bars = _bars(svg, charts.PRIMARY)
    assert len(bars) == 2 and float(bars[0].get("width")) > float(bars[1].get("width"))
    assert "&lt;técnicas&gt;" in svg and "<técnicas>" not in svg


def test_a_long_label_is_shortened_with_its_full_text_kept_as_a_title():
    label = "Movilidad urbana sostenible y espacio público en ciudades intermedias"
    root = ET.fromstring(charts.bar_chart([(label, 3)]))
    text = next(t for t in root.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None)
    assert text.find(f"{SVG}title").text == label and "…" in "".join(text.itertext())


def test_column_chart_handles_all_zero_values():
    assert [r.get("height") for r in _bars(charts.column_chart([("1", 0), ("2", 0)]), charts.ACCENT)] == ["0.0", "0.0"]


def test_trend_chart_highlights_the_last_year():
    svg = charts.trend_chart([(2024, 3), (2025, 5), (2026, 4)])
    assert len(_bars(svg, charts.PRIMARY)) == 1 and len(_bars(svg, charts.MUTED)) == 2


def test_bar_chart_of_nothing_is_an_empty_chart():
    assert ET.fromstring(charts.bar_chart([])).tag == f"{SVG}svg"


def test_progress_bar_is_clamped():
    root = ET.fromstring(charts.progress_bar(7, maximum=5, width=100))
    assert list(root.iter(f"{SVG}rect"))[1].get("width") == "100.0"


def test_charts_are_drawn_with_the_stylesheets_design_tokens():
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css").read_text()
    root_block = css[css.index(":root"): css.index("}", css.index(":root"))]
    tokens = dict(re.findall(r"(--c-[a-z-]+):\s*(#[0-9a-fA-F]{6})", root_block))
    assert {name: tokens.get(name) for name in charts.TOKENS} == charts.TOKENS
