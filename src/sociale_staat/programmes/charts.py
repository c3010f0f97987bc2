"""The chart of one programme indicator: the gemeente, the peer median and Nederland over the
years, with the target (when the programme sets one) as a dashed line up to its year."""

from typing import Any

from sociale_staat.programmes.status import PEERS, Measure
from sociale_staat.render.charts import FOCUS, NATIONAL, PEER

TARGET = "#2e7d32"


def spec(measure: Measure, focus_name: str) -> dict[str, Any] | None:
    """Vega-Lite spec, or None when the gemeente has fewer than two years (no line to draw)."""
    own = measure.series.get(focus_name, {})
    if len(own) < 2:
        return None
    start = min(own) - 1
    rows = [
        {"jaar": year, "waarde": value, "reeks": name}
        for name, series in measure.series.items()
        for year, value in sorted(series.items())
        if year >= start
    ]
    domain = [focus_name, PEERS, "Nederland"]
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": rows},
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": _x(),
                "y": {
                    "field": "waarde",
                    "type": "quantitative",
                    "title": measure.unit,
                    "scale": {"zero": False},
                    "axis": {"format": f",.{measure.decimals}f", "titleLimit": 260},
                },
                "color": {
                    "field": "reeks",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": domain, "range": [FOCUS, PEER, NATIONAL]},
                    "legend": {"orient": "bottom"},
                },
                "strokeDash": {
                    "field": "reeks",
                    "type": "nominal",
                    "legend": None,
                    "scale": {"domain": domain, "range": [[1, 0], [4, 2], [2, 2]]},
                },
            },
        }
    ]
    if measure.target is not None and measure.base is not None:
        target = measure.target
        # From the baseline to the target: the path the programme said it would take.
        path = [
            {"jaar": measure.base.year, "waarde": measure.base.value, "reeks": "doel"},
            {"jaar": target.year, "waarde": target.value, "reeks": "doel"},
        ]
        layers.append(
            {
                "data": {"values": path},
                "mark": {
                    "type": "line",
                    "strokeDash": [6, 3],
                    "color": TARGET,
                    "point": {"color": TARGET},
                },
                "encoding": {"x": _x(), "y": {"field": "waarde", "type": "quantitative"}},
            }
        )
        layers.append(
            {
                "data": {"values": path[1:]},
                "mark": {"type": "text", "align": "right", "dy": -8, "color": TARGET},
                "encoding": {
                    "x": _x(),
                    "y": {"field": "waarde", "type": "quantitative"},
                    "text": {"value": f"doel {target.year}"},
                },
            }
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 420,
        "height": 180,
        "layer": layers,
        "config": {
            "font": "DejaVu Sans",
            "view": {"stroke": None},
            "axis": {"labelFontSize": 10, "titleFontSize": 10},
        },
    }


def alt_text(measure: Measure, focus_name: str) -> str:
    """What the chart shows, in words, for screen readers and the report."""
    parts = [f"{measure.title} in {focus_name}"]
    if measure.base and measure.latest:
        parts.append(
            f"van {measure.fmt(measure.base)} in {measure.base.year} naar "
            f"{measure.fmt(measure.latest)} in {measure.latest.year}"
        )
    for b in measure.beside:
        if b.latest:
            parts.append(f"{b.name} {measure.fmt(b.latest)} in {b.latest.year}")
    if measure.target:
        parts.append(f"doel {measure.target.value:g} in {measure.target.year}")
    return "; ".join(parts) + f". Oordeel: {measure.label}."


def _x() -> dict[str, Any]:
    return {
        "field": "jaar",
        "type": "quantitative",
        "title": None,
        "scale": {"zero": False, "nice": False},
        "axis": {"format": "d", "tickMinStep": 1, "labelFlush": False},
    }
