"""The national map of one indicator: every gemeente coloured by class, the focus and its
peers outlined, as a Vega-Lite spec rendered to SVG like every other chart.

The legend is given as data (`Legend`) for the page to write as HTML text next to the picture,
so it stays readable at any screen width (text inside a scaled picture shrinks on a phone).
Boundaries are looked up by the year of the values in data/geo/gemeentegrenzen.yml; only names
declared there are opened.
"""

import functools
from dataclasses import dataclass
from typing import Any

import yaml
from shapely.geometry import shape

from sociale_staat.analysis.national import NationalView
from sociale_staat.core import paths
from sociale_staat.core.errors import InputError
from sociale_staat.core.formatting import format_number
from sociale_staat.render.maps import SCHEMES, _colors, _quantiles, load_boundaries

NO_DATA = "geen waarde"
NO_DATA_COLOUR = "#d9d9d9"
FOCUS_STROKE, PEER_STROKE = "#000000", "#7b2d8e"
DECLARATION = "gemeentegrenzen.yml"


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str
    count: int


@dataclass(frozen=True)
class Legend:
    title: str
    classes: tuple[LegendEntry, ...]  # the value classes, then "geen waarde"
    boundary_year: int
    unmatched: tuple[str, ...]  # gemeenten with a value but no boundary of that year (names)


def boundary_years() -> dict[int, str]:
    """Declared boundary files by indeling year."""
    declared = paths.geo_dir() / DECLARATION
    try:
        data = yaml.safe_load(declared.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise InputError(f"{declared.name}: niet te lezen ({err})") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise InputError(f"{declared.name}: verwacht per jaar een bestandsnaam")
    return {int(k): v for k, v in data.items()}


def boundary_year(year: int) -> int:
    """The declared boundaries a value of `year` is drawn on: the latest not after it."""
    years = sorted(boundary_years())
    if not years:
        raise InputError(f"{DECLARATION}: geen gemeentegrenzen gedeclareerd")
    return max((y for y in years if y <= year), default=years[0])


@functools.cache
def gemeente_boundaries(boundary_year: int) -> dict[str, Any]:
    """The GeoJSON of a declared year (read once per process; never changed after loading)."""
    name = boundary_years()[boundary_year]
    return load_boundaries(paths.geo_dir() / name)


def legend(view: NationalView, classes: int = 5) -> tuple[list[tuple[float, float]], Legend]:
    """Quantile classes of the values (bounds) and the legend that names them."""
    ind = view.indicator
    values = view.values()
    bounds = _quantiles(values, classes) if values else []
    colours = _colors(SCHEMES.get(ind.polarity, "blues"), len(bounds)) if bounds else []
    counts = [0] * len(bounds)
    for v in values:
        counts[_class_of(v, bounds)] += 1
    # Classes share their bounds (a value on a bound belongs to the lower class), so every
    # class after the first says "more than" its lower bound: no value fits two labels.
    entries = [
        LegendEntry(
            ("" if i == 0 else "> ")
            + f"{format_number(lo, ind.decimals)} – {format_number(hi, ind.decimals)}",
            colour,
            n,
        )
        for i, ((lo, hi), colour, n) in enumerate(zip(bounds, colours, counts, strict=True))
    ]
    if view.without_value:
        entries.append(LegendEntry(NO_DATA, NO_DATA_COLOUR, view.without_value))
    year = boundary_year(view.indeling if view.indeling is not None else view.year)
    codes = {f["properties"]["code"] for f in gemeente_boundaries(year)["features"]}
    unmatched = tuple(r.name for r in view.rows if r.value is not None and r.code not in codes)
    return bounds, Legend(ind.unit, tuple(entries), year, unmatched)


def _class_of(value: float, bounds: list[tuple[float, float]]) -> int:
    return next(i for i, (_, hi) in enumerate(bounds) if value <= hi or i == len(bounds) - 1)


def national_map(
    view: NationalView, focus: str, peers: list[str], size: tuple[int, int] = (520, 620)
) -> dict[str, Any]:
    """Vega-Lite: gemeenten by class, peers outlined in purple, the focus in black and named."""
    ind = view.indicator
    bounds, key = legend(view)
    by_code = {r.code: r for r in view.rows}
    boundaries = gemeente_boundaries(key.boundary_year)
    rows = []
    for feature in boundaries["features"]:
        code = feature["properties"]["code"]
        row = by_code.get(code)
        value = row.value if row is not None else None
        klasse = key.classes[_class_of(value, bounds)].label if value is not None else NO_DATA
        rows.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "code": code,
                    "naam": row.name if row else feature["properties"]["name"],
                    "waarde": format_number(value, ind.decimals) if value is not None else NO_DATA,
                    "klasse": klasse,
                    "rol": "focus" if code == focus else "peer" if code in peers else "",
                },
            }
        )
    domain = [e.label for e in key.classes if e.label != NO_DATA] + [NO_DATA]
    colours = [e.colour for e in key.classes if e.label != NO_DATA] + [NO_DATA_COLOUR]
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": rows},
            "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.4},
            "encoding": {
                "color": {
                    "field": "properties.klasse",
                    "type": "ordinal",
                    "scale": {"domain": domain, "range": colours},
                    "legend": None,  # written as text on the page, readable on a phone
                },
                "tooltip": [
                    {"field": "properties.naam", "title": "Gemeente"},
                    {"field": "properties.waarde", "title": ind.title},
                ],
            },
        },
        _outline([r for r in rows if r["properties"]["rol"] == "peer"], PEER_STROKE, 1.6),
        _outline([r for r in rows if r["properties"]["rol"] == "focus"], FOCUS_STROKE, 2.6),
        *_focus_name([r for r in rows if r["properties"]["rol"] == "focus"]),
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": size[0],
        "height": size[1],
        "projection": {"type": "mercator"},
        "layer": layers,
        "config": {"font": "DejaVu Sans", "view": {"stroke": None}},
    }


def _outline(rows: list[dict[str, Any]], colour: str, width: float) -> dict[str, Any]:
    return {
        "data": {"values": rows},
        "mark": {"type": "geoshape", "filled": False, "stroke": colour, "strokeWidth": width},
    }


def _focus_name(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The focus named on the map, with a white halo so it reads on every class."""
    if not rows:
        return []
    point = shape(rows[0]["geometry"]).representative_point()
    label = [{"lon": point.x, "lat": point.y, "naam": rows[0]["properties"]["naam"]}]
    encoding = {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
        "text": {"field": "naam"},
    }
    text = {"type": "text", "fontSize": 17, "fontWeight": "bold", "dy": -16}
    return [
        {
            "data": {"values": label},
            "mark": {**text, "stroke": "#ffffff", "strokeWidth": 4, "strokeJoin": "round"},
            "encoding": encoding,
        },
        {"data": {"values": label}, "mark": {**text, "fill": "#000000"}, "encoding": encoding},
    ]
