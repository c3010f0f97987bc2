"""Charts of a benchmark as Vega-Lite specs (for the web page) rendered to SVG/PNG (for the
report): bars of the focus and its peers with Nederland as a reference line, and trend lines.
"""

import math
from typing import Any

from sociale_staat.analysis import quality as rules
from sociale_staat.analysis.results import IndicatorBenchmark, Trend

FOCUS, PEER, NATIONAL = "#c0392b", "#7f8c9a", "#1f4e79"
PEER_MEDIAN = "mediaan benchmarkgemeenten"
_FONT = "DejaVu Sans"
ZOOM_NOTE = "De verticale as begint niet bij nul; kleine verschillen lijken daardoor groter."


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
    values = [c.value for c in ranked if c.value is not None]
    values += [c.upper for c in ranked if c.upper is not None]
    if item.nederland is not None and item.nederland.value is not None:
        values.append(item.nederland.value)
    ticks = nice_ticks(min(0.0, *values), max(values), ind.decimals)
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
                    "title": _axis_title(ind.unit),
                    "scale": {"domain": [min(0.0, ticks[0]), ticks[-1]], "nice": False},
                    "axis": {
                        "format": f",.{tick_decimals(ticks, ind.decimals)}f",
                        "values": ticks,
                        "titleLimit": 380,
                        "labelOverlap": True,
                    },
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
        layers.append(_interval_layer(order))
    if item.nederland is not None and item.nederland.value is not None:
        layers += _national_layers(item.nederland.value)
    return _spec({"data": {"values": rows}, "layer": layers}, width=420, height=16 * len(rows))


def _interval_layer(order: list[str]) -> dict[str, Any]:
    return {
        "transform": [{"filter": "datum.onder != null"}],
        "mark": {"type": "rule", "color": "#222222", "strokeWidth": 1.2},
        "encoding": {
            "y": {"field": "gebied", "type": "nominal", "sort": order},
            "x": {"field": "onder", "type": "quantitative"},
            "x2": {"field": "boven"},
        },
    }


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
    """Lines over the years: the focus, the median of the benchmarkgemeenten and Nederland, as
    computed by the analysis (this module only draws them). A line is never drawn across a
    declared series break or a missing year, and the value axis starts at zero unless that
    flattens real movement (then the caption says so, see `axis_note`)."""
    focus_name = computed.focus_name
    rows: list[dict[str, Any]] = [
        {"jaar": year, "waarde": value, "reeks": PEER_MEDIAN if series == "mediaan peers" else series}
        for year, series, value in computed.long_rows()
    ]
    ind = computed.indicator
    years = {r["jaar"] for r in rows}
    breaks = [
        rules.SeriesBreak(j, w)
        for j, w in sorted(set(ind.breuken))
        if years and min(years) < j <= max(years)
    ]
    _mark_parts(rows, breaks)
    rows = _with_gaps(rows)
    values = [r["waarde"] for r in rows if r["waarde"] is not None]
    lo, hi = min(values), max(values)
    zero = lo >= 0 and (hi - lo) < 0.5 * hi
    ticks = nice_ticks(0.0 if zero else lo, hi, ind.decimals)
    names = [focus_name, PEER_MEDIAN, "Nederland"]
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
                "axis": {"format": "d", "values": year_ticks(rows), "labelOverlap": True},
            },
            "y": {
                "field": "waarde",
                "type": "quantitative",
                "title": None,  # the unit is in the caption: a long one would be cut here
                "scale": {"domain": [ticks[0], ticks[-1]], "nice": False, "zero": zero},
                "axis": {
                    "format": f",.{tick_decimals(ticks, ind.decimals)}f",
                    "values": ticks,
                },
            },
            "color": {
                "field": "reeks",
                "type": "nominal",
                "title": None,
                "scale": {"domain": names, "range": [FOCUS, PEER, NATIONAL]},
                "legend": {"orient": "bottom", "labelLimit": 260},
            },
            "strokeDash": {
                "field": "reeks",
                "type": "nominal",
                "legend": None,
                "scale": {"domain": names, "range": [[1, 0], [4, 2], [2, 2]]},
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


def _with_gaps(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An empty value for each year a series skips while other series have that year: the
    line breaks there instead of bridging the missing year. Editions nobody has (a survey
    every four years) are not gaps."""
    years = sorted({r["jaar"] for r in rows})
    out = list(rows)
    for name in {r["reeks"] for r in rows}:
        own = {r["jaar"] for r in rows if r["reeks"] == name}
        first, last = min(own), max(own)
        out += [
            {"jaar": y, "waarde": None, "reeks": name}
            for y in years
            if first < y < last and y not in own
        ]
    return sorted(out, key=lambda r: (r["reeks"], r["jaar"]))


def axis_note(spec: dict[str, Any]) -> str:
    """The caption's warning when a trend's value axis does not start at zero."""
    drawn = spec["layer"][0] if "layer" in spec else spec  # a trend with a break is layered
    y = drawn.get("encoding", {}).get("y", {})
    domain = y.get("scale", {}).get("domain")
    return ZOOM_NOTE if domain and domain[0] > 0 else ""


def nice_ticks(lo: float, hi: float, decimals: int, count: int = 5) -> list[float]:
    """About `count` round tick values covering [lo, hi], never closer together than the
    indicator's precision, so no two labels read the same (1,1 1,1 1,2)."""
    if hi <= lo:
        hi = lo + 10.0**-decimals
    raw = (hi - lo) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(step, 10.0**-decimals)
    if decimals == 0:
        step = max(1.0, round(step))
    first = math.floor(lo / step) * step
    ticks = []
    value = first
    while value < hi + step * 0.999:
        ticks.append(round(value, decimals + 2))
        value += step
    return ticks


def tick_decimals(ticks: list[float], decimals: int) -> int:
    """The fewest decimals (at most the indicator's) that show every tick exactly: '0 2 4 6'
    rather than '0,0 2,0 4,0 6,0'."""
    for k in range(decimals + 1):
        if all(abs(round(t, k) - t) < 1e-9 for t in ticks):
            return k
    return decimals


def year_ticks(rows: list[dict[str, Any]]) -> list[int]:
    """Years at a round step (1, 2, 5 …) so at most about eight labels fit side by side."""
    years = sorted({r["jaar"] for r in rows})
    span = years[-1] - years[0]
    step = next(s for s in (1, 2, 5, 10, 20) if span / s <= 8)
    return [y for y in range(years[0], years[-1] + 1) if (y - years[-1]) % step == 0]


def _axis_title(unit: str) -> str | None:
    """The unit as axis title when it is short; long units are in the caption instead of cut."""
    return unit if len(unit) <= 40 else None


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


def png_from_svg(svg_text: str) -> bytes:
    """The PNG of an already rendered SVG: a fraction of the cost of running Vega again."""
    import vl_convert as vlc

    return bytes(vlc.svg_to_png(svg_text, scale=2))


def rendered(spec: dict[str, Any]) -> tuple[str, bytes]:
    """SVG and PNG of one spec, Vega run once."""
    text = svg(spec)
    return text, png_from_svg(text)
