"""The buurt maps of a gemeente with a number on every buurt and the names in a numbered list
beside them: 238 buurt names do not fit on a map, their numbers do.

One map per stadsdeel (when every buurt has one): a whole city's 238 numbers were 8 px as
drawn and 5 px on a phone; a stadsdeel's 20-40 fit at 11 px on a map as wide as a phone. A
crowded stadsdeel (Almere Stad has 106 buurten) is drawn twice as large, on a phone too, where
the page lets it scroll sideways: squeezed to a phone's width its numbers became a tangle of
leader lines. A number that does not fit on its own buurt is moved beside it with a leader
line (labels.spread), so no two numbers overlap. The colour classes are those of the whole
gemeente, so the maps compare, and the legend is said once beside them (`legend`). Numbers
follow the list (by stadsdeel, then name), so a reader finds a buurt in the list and then on
the map, or the other way round.
"""

from dataclasses import dataclass
from typing import Any

from shapely.geometry import shape

from sociale_staat.analysis.neighbourhoods import Neighbourhoods
from sociale_staat.core.formatting import format_number
from sociale_staat.render.labels import fitted, spread
from sociale_staat.render.maps import choropleth

NUMBER_PX = 11  # as drawn; the page shows a map at its own width or wider (compare.css)
PART_SIZE = (320, 260)  # fits a 390 px phone without being scaled down
CROWDED_SIZE = (640, 520)
CROWDED = 40  # buurten above which a stadsdeel's map is drawn twice as large


def crowded(count: int) -> bool:
    """A stadsdeel whose map is drawn twice as large (and scrolls sideways on a phone)."""
    return count > CROWDED


@dataclass(frozen=True)
class NumberedArea:
    number: int
    code: str
    name: str
    stadsdeel: str | None
    shown: str  # the value as the page shows it, or why there is none


def numbered(
    hoods: Neighbourhoods, indicator: str, boundaries: dict[str, Any]
) -> list[NumberedArea]:
    """The buurten that are on the map, numbered by stadsdeel and name."""
    ind = hoods.indicators[indicator]
    drawn = {f["properties"].get("code") for f in boundaries.get("features", [])}
    areas = sorted(
        (a for a in hoods.level("buurt") if a.code in drawn),
        key=lambda a: (a.stadsdeel or "~", a.name),
    )
    out = []
    for n, a in enumerate(areas, start=1):
        v = a.values.get(indicator)
        if v is not None and v.value is not None:
            shown = format_number(v.value, ind.decimals)
        else:  # why is said once under the list, and on the buurt's own page
            shown = "–"
        out.append(NumberedArea(n, a.code, a.name, a.stadsdeel, shown))
    return out


def parts(areas: list[NumberedArea]) -> list[str]:
    """The stadsdelen, one map each, in list order; none when a buurt has no stadsdeel (then
    the gemeente gets one map)."""
    if not areas or any(a.stadsdeel is None for a in areas):
        return []
    return list(dict.fromkeys(a.stadsdeel for a in areas if a.stadsdeel is not None))


def buurt_map(
    hoods: Neighbourhoods,
    indicator: str,
    boundaries: dict[str, Any],
    areas: list[NumberedArea],
    part: str | None = None,
) -> dict[str, Any]:
    """The buurt choropleth of one stadsdeel (`part`; None: the whole gemeente) with the buurt
    numbers of `areas` (`numbered`), without a legend of its own; drawn a phone's width, or
    twice that for a crowded stadsdeel."""
    shown = [a for a in areas if part in (None, a.stadsdeel)]
    codes = {a.code for a in shown}
    features = [f for f in boundaries.get("features", []) if f["properties"].get("code") in codes]
    size = fitted(
        [f["geometry"] for f in features], *(CROWDED_SIZE if crowded(len(shown)) else PART_SIZE)
    )
    spec = choropleth(
        hoods, indicator, {**boundaries, "features": features}, level="buurt", titled=False,
        size=size,
    )  # fmt: skip
    spec["layer"][0]["encoding"]["color"]["legend"] = None
    shapes = {f["properties"].get("code"): shape(f["geometry"]) for f in features}
    anchors = []
    for area in shown:
        polygon = shapes[area.code]
        point = polygon.representative_point()
        anchors.append((str(area.number), point.x, point.y, polygon.area))
    numbers = spread(anchors, [f["geometry"] for f in features], *size, NUMBER_PX)
    rows = [
        {"lon": n.lon, "lat": n.lat, "lon0": n.anchor_lon, "lat0": n.anchor_lat, "nummer": n.text}
        for n in numbers
    ]
    leaders = [row for row, n in zip(rows, numbers, strict=True) if n.moved]
    at = {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
    }
    home = {
        "longitude": {"field": "lon0", "type": "quantitative"},
        "latitude": {"field": "lat0", "type": "quantitative"},
    }
    text = {"type": "text", "fontSize": NUMBER_PX, "font": "DejaVu Sans", "baseline": "middle"}
    encoding = at | {"text": {"field": "nummer", "type": "nominal"}}
    spec["layer"] = [
        spec["layer"][0],  # the areas; stadsdeel names would cover the numbers
        {  # a number that did not fit on its buurt points to it
            "data": {"values": leaders},
            "mark": {"type": "rule", "color": "#111111", "strokeWidth": 0.8},
            "encoding": home | {"longitude2": {"field": "lon"}, "latitude2": {"field": "lat"}},
        },
        {
            "data": {"values": leaders},
            "mark": {"type": "circle", "color": "#111111", "size": 6, "opacity": 1},
            "encoding": home,
        },
        {
            "data": {"values": rows},
            "mark": text | {"stroke": "#ffffff", "strokeWidth": 2.5, "strokeOpacity": 0.9},
            "encoding": encoding,
        },
        {"data": {"values": rows}, "mark": text | {"fill": "#111111"}, "encoding": encoding},
    ]
    return spec


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str


def legend(hoods: Neighbourhoods, indicator: str, boundaries: dict[str, Any]) -> list[LegendEntry]:
    """The colour classes of the buurt maps that occur in them (shown once, beside the maps)."""
    spec = choropleth(hoods, indicator, boundaries, level="buurt", titled=False)
    layer = spec["layer"][0]
    scale = layer["encoding"]["color"]["scale"]
    used = {row["properties"]["klasse"] for row in layer["data"]["values"]}
    return [
        LegendEntry(label, colour)
        for label, colour in zip(scale["domain"], scale["range"], strict=True)
        if label in used
    ]
