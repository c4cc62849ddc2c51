"""SVG charts: shapes worked out in Python, drawn by one template that escapes every text."""
import re

import pytest

from lms.reports import charts
from lms.web.templating import environment

SCRIPT = "<script>alert('x')</script>"


def render(chart: charts.Chart) -> str:
    return environment().get_template("reports/_partials/chart.html").render(chart=chart)


def test_horizontal_bars_scale_to_the_longest():
    chart = charts.horizontal([charts.bar("Half", 50, "50"), charts.bar("Full", 100, "100"),
                               charts.bar("Nothing", 0, "0")], "Test")
    widths = [rect.width for rect in chart.rects]
    assert len(widths) == 2 and widths[1] == 2 * widths[0]  # no rectangle for zero
    assert widths[1] == charts.WIDTH - 4 - 92
    assert chart.width == charts.WIDTH and chart.height == 4 + 3 * 46
    assert [t.text for t in chart.texts if t.kind == "label"] == ["Half", "Full", "Nothing"]


def test_a_maximum_and_a_marker():
    chart = charts.horizontal([charts.Bar("Sales", (charts.Segment(30), charts.Segment(20, "bar-c")), "left",
                                          marker=100)], "Budget")
    spent, committed = chart.rects
    assert committed.x == pytest.approx(spent.x + spent.width) and committed.width == pytest.approx(spent.width * 2 / 3)
    marker = [line for line in chart.lines if line.kind == "marker"][0]
    assert marker.x1 == 2 + (charts.WIDTH - 4 - 92)  # the budget is the longest: it fills the width
    shares = charts.horizontal([charts.bar("A", 25)], "Shares", maximum=100)
    assert shares.rects[0].width == (charts.WIDTH - 4 - 92) / 4


def test_far_over_the_target_still_leaves_room_for_the_text():
    chart = charts.horizontal([charts.Bar("Over", (charts.Segment(1000),), "over by a lot", marker=1)], "Over")
    assert chart.rects[0].x + chart.rects[0].width + 60 <= charts.WIDTH


def test_long_labels_are_cut_with_the_whole_label_in_a_tooltip():
    title = "A course with a title far too long to fit on one line of a phone"
    chart = charts.horizontal([charts.bar(title, 1, "1")], "Long")
    label = chart.texts[0]
    assert label.text.endswith("…") and len(label.text) == charts.LABEL_CHARS and label.title == title


def test_columns_in_groups():
    chart = charts.columns([charts.Column("7 d", (charts.Segment(50), charts.Segment(100, "bar-b"))),
                            charts.Column("60 d", (charts.Segment(0), charts.Segment(120, "bar-b")))], "Moments",
                           maximum=100)
    heights = [rect.height for rect in chart.rects]
    assert heights == [49.0, 98.0, 0, 98.0]  # above the maximum is drawn at the maximum
    assert all(rect.y + rect.height == 120 for rect in chart.rects)
    assert chart.width == 20 + 2 * 90


def test_the_svg_scales_to_the_page_and_escapes_every_text():
    chart = charts.horizontal([charts.bar(SCRIPT, 10, SCRIPT, title=SCRIPT)], SCRIPT)
    svg = render(chart)
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert 'aria-label="&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"' in svg
    assert re.search(r'viewBox="0 0 360 \d+"', svg) and 'width="100%"' in svg and 'role="img"' in svg
    assert "onload" not in svg and "javascript" not in svg.lower()
    columns = render(charts.columns([charts.Column(SCRIPT, (charts.Segment(1, title=SCRIPT),), (SCRIPT,))], SCRIPT,
                                    maximum=1))
    assert "<script" not in columns and columns.count("&lt;script&gt;") >= 3
