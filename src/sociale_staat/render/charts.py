"""Charts of a benchmark as Vega-Lite specs (for the web page) rendered to SVG/PNG (for the
report): bars of the focus and its peers with Nederland as a reference line, and trend lines.
"""

from typing import Any

from sociale_staat.analysis import quality as rules
from sociale_staat.analysis.results import IndicatorBenchmark, Trend

FOCUS, PEER, NATIONAL = "#c0392b", "#7f8c9a", "#1f4e79"
_FONT = "DejaVu Sans"


def bars(item: IndicatorBenchmark) -> dict[str, Any]:
    """Horizontal bars, highest first, the focus in its own colour, Nederland as a rule."""
    ind = item.indicator
    rows = [
        {
            "gebied": c.name,
            "waarde": c.value,
            "rol": "focus" if c is item.focus else "peer",
            "onder": c.lower,
            "boven": c.upper,
        }
        for c in [item.focus, *item.peers]
        if c is not None and c.value is not None
    ]
    # One explicit order for every layer, so interval rules sit on their own bar.
    ranked = sorted(
        (c for c in [item.focus, *item.peers] if c is not None and c.value is not None),
        key=lambda c: -(c.value or 0.0),
    )
    order = [c.name for c in ranked]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "height": {"band": 0.7}},
            "encoding": {
                "y": {
                    "field": "gebied",
                    "type": "nominal",
                    "sort": order,
                    "title": None,
                    "axis": {"labelLimit": 160},
                },
                "x": {
                    "field": "waarde",
                    "type": "quantitative",
                    "title": ind.unit,
                    "axis": {"format": f",.{ind.decimals}f", "titleLimit": 380},
                },
                "color": {
                    "field": "rol",
                    "type": "nominal",
                    "legend": None,
                    "scale": {"domain": ["focus", "peer"], "range": [FOCUS, PEER]},
                },
                "tooltip": [
                    {"field": "gebied"},
                    {"field": "waarde", "format": f",.{ind.decimals}f"},
                ],
            },
        }
    ]
    if any(r["onder"] is not None for r in rows):
        # The 95% interval where the source publishes one (survey figures).
        layers.append(
            {
                "transform": [{"filter": "datum.onder != null"}],
                "mark": {"type": "rule", "color": "#222222", "strokeWidth": 1.2},
                "encoding": {
                    "y": {
                        "field": "gebied",
                        "type": "nominal",
                        "sort": order,
                    },
                    "x": {"field": "onder", "type": "quantitative"},
                    "x2": {"field": "boven"},
                },
            }
        )
    if item.nederland is not None and item.nederland.value is not None:
        layers += _national_layers(item.nederland.value)
    return _spec({"data": {"values": rows}, "layer": layers}, width=420, height=16 * len(rows))


def _national_layers(value: float) -> list[dict[str, Any]]:
    """Nederland as a dashed reference line with its label."""
    out: list[dict[str, Any]] = []
    out.append(
        {
            "data": {"values": [{"nl": value, "label": "Nederland"}]},
            "mark": {"type": "rule", "color": NATIONAL, "strokeWidth": 2, "strokeDash": [5, 3]},
            "encoding": {"x": {"field": "nl", "type": "quantitative"}},
        }
    )
    out.append(
        {
            "data": {"values": [{"nl": value, "label": "Nederland"}]},
            "mark": {
                "type": "text",
                "color": NATIONAL,
                "dy": -6,
                "align": "left",
                "dx": 3,
                "baseline": "bottom",
                "fontSize": 10,
            },
            "encoding": {
                "x": {"field": "nl", "type": "quantitative"},
                "y": {"value": 0},
                "text": {"field": "label"},
            },
        }
    )
    return out


def trend(computed: Trend) -> dict[str, Any]:
    """Lines over the years: the focus, the median of the peers and Nederland, as computed by
    the analysis (this module only draws them)."""
    focus_name = computed.focus_name
    rows = [
        {"jaar": year, "waarde": value, "reeks": series}
        for year, series, value in computed.long_rows()
    ]
    ind = computed.indicator
    years = {year for year, _, _ in computed.long_rows()}
    breaks = [
        rules.SeriesBreak(j, w)
        for j, w in sorted(set(ind.breuken))
        if years and min(years) < j <= max(years)
    ]
    _mark_parts(rows, breaks)
    line: dict[str, Any] = {
        "data": {"values": rows},
        "mark": {"type": "line", "point": True},
        "encoding": {
            # A real time scale: gaps between editions (2016, 2020, 2022) keep their width.
            "x": {
                "field": "jaar",
                "type": "quantitative",
                "title": None,
                "scale": {"zero": False, "nice": False},
                "axis": {"format": "d", "values": _ticks(rows)},
            },
            "y": {
                "field": "waarde",
                "type": "quantitative",
                "title": ind.unit,
                "scale": {"zero": False},
                "axis": {"format": f",.{ind.decimals}f", "titleLimit": 260},
            },
            "color": {
                "field": "reeks",
                "type": "nominal",
                "title": None,
                "scale": {
                    "domain": [focus_name, "mediaan peers", "Nederland"],
                    "range": [FOCUS, PEER, NATIONAL],
                },
                "legend": {"orient": "bottom"},
            },
            "strokeDash": {
                "field": "reeks",
                "type": "nominal",
                "legend": None,
                "scale": {
                    "domain": [focus_name, "mediaan peers", "Nederland"],
                    "range": [[1, 0], [4, 2], [2, 2]],
                },
            },
            # One line per part: never drawn across a series break or a missing year.
            "detail": {"field": "deel", "type": "nominal"},
        },
    }
    if breaks:
        line = {"data": line.pop("data"), "layer": [line, _break_rules(breaks)]}
    return _spec(line, width=420, height=180)


def _mark_parts(rows: list[dict[str, Any]], breaks: list[rules.SeriesBreak]) -> None:
    """Give every row the part of its series it belongs to ('Almere 2')."""
    for series in {r["reeks"] for r in rows}:
        own = [r for r in rows if r["reeks"] == series]
        parts = rules.segments([(r["jaar"], r["waarde"]) for r in own], breaks)
        part_of = {year: n for n, part in enumerate(parts, 1) for year, _ in part}
        for r in own:
            r["deel"] = f"{series} {part_of[r['jaar']]}"


def _break_rules(breaks: list[rules.SeriesBreak]) -> dict[str, Any]:
    """A dashed vertical rule half a year before each break, labelled 'reeksbreuk'."""
    marks = [{"jaar": b.jaar - 0.5, "label": f"reeksbreuk {b.jaar}", "wat": b.wat} for b in breaks]
    return {
        "data": {"values": marks},
        "layer": [
            {
                "mark": {"type": "rule", "color": "#666666", "strokeDash": [3, 3]},
                "encoding": {"x": {"field": "jaar", "type": "quantitative"}},
            },
            {
                "mark": {"type": "text", "align": "right", "dx": -3, "dy": 8, "fontSize": 10},
                "encoding": {
                    "x": {"field": "jaar", "type": "quantitative"},
                    "y": {"value": 0},
                    "text": {"field": "label"},
                },
            },
        ],
    }


def _ticks(rows: list[dict[str, Any]]) -> list[int]:
    """The years that have data, thinned so labels never collide (at most about ten)."""
    years = sorted({r["jaar"] for r in rows})
    step = max(1, -(-len(years) // 10))
    return years[::-1][::step][::-1]


def _spec(body: dict[str, Any], width: int, height: int) -> dict[str, Any]:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": width,
        "height": height,
        **body,
        "config": {
            "font": _FONT,
            "view": {"stroke": None},
            "axis": {"labelFontSize": 10, "titleFontSize": 10},
        },
    }


def svg(spec: dict[str, Any]) -> str:
    import vl_convert as vlc

    return str(vlc.vegalite_to_svg(spec, format_locale="nl-NL"))


def png(spec: dict[str, Any]) -> bytes:
    import vl_convert as vlc

    return bytes(vlc.vegalite_to_png(spec, scale=2, format_locale="nl-NL"))
