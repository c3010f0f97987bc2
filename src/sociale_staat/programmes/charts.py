"""The chart of one programme indicator: the gemeente, the peer median and Nederland over the
years, with the target (when the programme sets one) as a dashed line up to its year."""

from collections.abc import Callable
from typing import Any

from sociale_staat.programmes.status import PEERS, Measure, Point
from sociale_staat.render.charts import FOCUS, NATIONAL, PEER

TARGET = "#2e7d32"


def spec(measure: Measure, focus_name: str, say: Callable[[str], str] = str) -> dict[str, Any] | None:
    """Vega-Lite spec, or None when the gemeente has fewer than two years (no line to draw).
    `say` puts the chart's own words (series, target) in the reader's language (default:
    the Dutch as written)."""
    own = measure.series.get(focus_name, {})
    if len(own) < 2:
        return None
    start = min(own) - 1
    rows = [
        {"jaar": year, "waarde": value, "reeks": say(name)}
        for name, series in measure.series.items()
        for year, value in sorted(series.items())
        if year >= start
    ]
    domain = [focus_name, say(PEERS), say("Nederland")]
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
                    "legend": {"orient": "bottom", "labelLimit": 320},  # whole names
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
                    "text": {"value": say("doel {jaar}").format(jaar=target.year)},
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


def alt_text(
    measure: Measure,
    focus_name: str,
    say: Callable[[str], str] = str,
    number: Callable[[Point | None], str] | None = None,
) -> str:
    """What the chart shows, in words, for screen readers and the report. `say` and `number`
    put the words and numbers in the reader's language (Dutch by default)."""
    fmt = number or measure.fmt
    parts = [say("{titel} in {gemeente}").format(titel=measure.title, gemeente=focus_name)]
    if measure.base and measure.latest:
        parts.append(
            say("van {begin} in {beginjaar} naar {eind} in {eindjaar}").format(
                begin=fmt(measure.base), beginjaar=measure.base.year,
                eind=fmt(measure.latest), eindjaar=measure.latest.year,
            )
        )  # fmt: skip
    for b in measure.beside:
        if b.latest:
            parts.append(f"{say(b.name)} {fmt(b.latest)} {say('in')} {b.latest.year}")
    if measure.target:
        parts.append(
            say("doel {waarde} in {jaar}").format(
                waarde=f"{measure.target.value:g}", jaar=measure.target.year
            )
        )
    return "; ".join(parts) + say(". Oordeel: {oordeel}.").format(oordeel=say(measure.label))


def _x() -> dict[str, Any]:
    return {
        "field": "jaar",
        "type": "quantitative",
        "title": None,
        "scale": {"zero": False, "nice": False},
        "axis": {"format": "d", "tickMinStep": 1, "labelFlush": False},
    }
