"""Server-rendered SVG charts (no script, so they pass the strict CSP). Colours come from
classes styled in static/review/review.css; every label is escaped."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
HEIGHT = 220
PAD_LEFT = 40
PAD_BOTTOM = 40
PAD_TOP = 16


def _svg(body: list[str], *, title: str, width: int = WIDTH, height: int = HEIGHT) -> SafeString:
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _count_top(largest: int) -> int:
    """The axis top for counts: a multiple of 4, so the five ticks are whole numbers."""
    return max(4, -(-largest // 4) * 4)


def _axis(max_value: float, plot_height: float, *, percent: bool = False) -> list[str]:
    parts = []
    for step in range(5):
        value = max_value * step / 4
        y = PAD_TOP + plot_height - plot_height * step / 4
        text = f"{value * 100:.0f}%" if percent else f"{value:g}"
        parts.append(
            f'<line class="grid" x1="{PAD_LEFT}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{PAD_LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(text)}</text>"
        )
    return parts


def stacked_bars(
    *, title: str, labels: list[str], series: dict[str, list[int]], series_names: dict[str, str]
) -> SafeString:
    """One bar per label, stacked by series (e.g. decisions per day by outcome)."""
    totals = [sum(values[i] for values in series.values()) for i in range(len(labels))]
    top = _count_top(max(totals, default=0))
    plot_height = HEIGHT - PAD_BOTTOM - PAD_TOP
    slot = (WIDTH - PAD_LEFT - 8) / max(len(labels), 1)
    body = _axis(top, plot_height)
    for i, label in enumerate(labels):
        y = PAD_TOP + plot_height
        for key, values in series.items():
            if not values[i]:
                continue
            h = plot_height * values[i] / top
            y -= h
            x = PAD_LEFT + i * slot + slot * 0.15
            body.append(
                f'<rect class="series-{escape(key)}" x="{x:.1f}" y="{y:.1f}" '
                f'width="{slot * 0.7:.1f}" height="{h:.1f}">'
                f"<title>{escape(label)} {escape(series_names.get(key, key))}: {values[i]}</title>"
                "</rect>"
            )
        if len(labels) <= 10 or i % max(len(labels) // 6, 1) == 0:
            body.append(
                f'<text class="tick" x="{PAD_LEFT + (i + 0.5) * slot:.1f}" '
                f'y="{HEIGHT - PAD_BOTTOM + 14}" text-anchor="middle">{escape(label[5:])}</text>'
            )
    legend_x = PAD_LEFT
    for key in series:
        body.append(
            f'<rect class="series-{escape(key)}" x="{legend_x}" y="{HEIGHT - 14}" '
            'width="10" height="10"/>'
            f'<text class="legend" x="{legend_x + 14}" y="{HEIGHT - 5}">'
            f"{escape(series_names.get(key, key))}</text>"
        )
        legend_x += 190
    return _svg(body, title=title)


def histogram(*, title: str, values: list[float], edges: list[float], unit: str) -> SafeString:
    """Counts of ``values`` in the bins [edges[i], edges[i+1]); the last bin is open."""
    counts = [0] * len(edges)
    for value in values:
        position = 0
        for i, edge in enumerate(edges):
            if value >= edge:
                position = i
        counts[position] += 1
    labels = [f"<{edges[i + 1]:g}{unit}" for i in range(len(edges) - 1)] + [f"≥{edges[-1]:g}{unit}"]
    top = _count_top(max(counts, default=0))
    plot_height = HEIGHT - PAD_BOTTOM - PAD_TOP
    slot = (WIDTH - PAD_LEFT - 8) / len(counts)
    body = _axis(top, plot_height)
    for i, count in enumerate(counts):
        h = plot_height * count / top
        x = PAD_LEFT + i * slot + slot * 0.1
        body.append(
            f'<rect class="series-bar" x="{x:.1f}" y="{PAD_TOP + plot_height - h:.1f}" '
            f'width="{slot * 0.8:.1f}" height="{h:.1f}">'
            f"<title>{escape(labels[i])}: {count}</title></rect>"
            f'<text class="tick" x="{PAD_LEFT + (i + 0.5) * slot:.1f}" '
            f'y="{HEIGHT - PAD_BOTTOM + 14}" text-anchor="middle">{escape(labels[i])}</text>'
        )
    return _svg(body, title=title)


def horizontal_bars(*, title: str, items: dict[str, float], css_class: str) -> SafeString:
    """One bar per item, values 0..1 shown as percentages."""
    row = 26
    height = PAD_TOP + row * max(len(items), 1) + 8
    label_width = 170
    span = WIDTH - label_width - 60
    body = []
    for i, (label, value) in enumerate(items.items()):
        y = PAD_TOP + i * row
        w = span * max(0.0, min(float(value), 1.0))
        body.append(
            f'<text class="legend" x="{label_width - 6}" y="{y + 15}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect class="{escape(css_class)}" x="{label_width}" y="{y + 3}" '
            f'width="{w:.1f}" height="{row - 8}"/>'
            f'<text class="tick" x="{label_width + w + 4:.1f}" y="{y + 15}">'
            f"{value * 100:.1f}%</text>"
        )
    if not items:
        body.append(f'<text class="legend" x="{label_width}" y="{PAD_TOP + 15}">—</text>')
    return _svg(body, title=title, height=height)
