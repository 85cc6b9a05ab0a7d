"""Server-rendered SVG charts: bars proportional to the data, labels escaped."""

from kyc_portal.review import charts


def test_labels_are_escaped_so_a_chart_cannot_inject_markup():
    svg = charts.horizontal_bars(
        title="t<script>", items={"<script>alert(1)</script>": 0.5}, css_class="series-confidence"
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg


def test_stacked_bars_heights_are_proportional_and_axis_whole_numbers():
    svg = charts.stacked_bars(
        title="per day",
        labels=["2026-11-24", "2026-11-25"],
        series={"approved": [1, 3], "rejected": [0, 2]},
        series_names={"approved": "Approved", "rejected": "Rejected"},
    )
    # Top of the axis: 8 (5 rounded up to a multiple of 4); plot height 164 px.
    assert ">8</text>" in svg and ">6</text>" in svg and ">0.5<" not in svg
    assert 'height="20.5"' in svg  # 1 of 8
    assert 'height="61.5"' in svg  # 3 of 8
    assert 'height="41.0"' in svg  # 2 of 8
    assert svg.count('class="series-rejected"') == 2  # one bar (zero skipped) + legend


def test_histogram_bins_values_and_keeps_the_open_last_bin():
    svg = charts.histogram(title="h", values=[0.5, 2, 2.5, 500], edges=[0, 1, 4], unit="h")
    assert "&lt;1h: 1" in svg and "&lt;4h: 2" in svg and "≥4h: 1" in svg
