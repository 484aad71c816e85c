import xml.etree.ElementTree as ET

from events import charts


def test_bar_chart_is_valid_svg_with_one_bar_per_item():
    svg = charts.bar_chart([("Ponencias", 4), ("Visitas <técnicas>", 2)], title="Lo mejor")
    root = ET.fromstring(svg)
    rects = root.findall("{http://www.w3.org/2000/svg}rect")
    assert len(rects) == 2
    assert float(rects[0].get("width")) > float(rects[1].get("width"))
    assert "&lt;técnicas&gt;" in svg


def test_column_chart_handles_all_zero_values():
    root = ET.fromstring(charts.column_chart([("1", 0), ("2", 0)]))
    assert [r.get("height") for r in root.findall("{http://www.w3.org/2000/svg}rect")] == ["0.0", "0.0"]


def test_bar_chart_of_nothing_is_an_empty_chart():
    assert ET.fromstring(charts.bar_chart([])).tag.endswith("svg")


def test_progress_bar_is_clamped():
    root = ET.fromstring(charts.progress_bar(7, maximum=5, width=100))
    assert root.findall("{http://www.w3.org/2000/svg}rect")[1].get("width") == "100.0"
