"""The buurt map of a gemeente with a number on every buurt and the names in a numbered list
beside it: 238 buurt names do not fit on a map, their numbers do.

Numbers follow the list (by stadsdeel, then name), so a reader finds a buurt in the list and
then on the map, or the other way round.
"""

from dataclasses import dataclass
from typing import Any

from shapely.geometry import shape

from sociale_staat.analysis.neighbourhoods import Neighbourhoods
from sociale_staat.core.formatting import format_number
from sociale_staat.render.maps import choropleth


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


def buurt_map(
    hoods: Neighbourhoods,
    indicator: str,
    boundaries: dict[str, Any],
    size: tuple[int, int] = (640, 460),
) -> dict[str, Any]:
    """The buurt choropleth (classes and legend as on the wijk map) with the buurt numbers."""
    spec = choropleth(hoods, indicator, boundaries, level="buurt", titled=False, size=size)
    shapes = {f["properties"].get("code"): f["geometry"] for f in boundaries.get("features", [])}
    rows = []
    for area in numbered(hoods, indicator, boundaries):
        point = shape(shapes[area.code]).representative_point()
        rows.append({"lon": point.x, "lat": point.y, "nummer": str(area.number)})
    encoding = {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
        "text": {"field": "nummer", "type": "nominal"},
    }
    text = {"type": "text", "fontSize": 8, "font": "DejaVu Sans"}
    spec["layer"] = [
        spec["layer"][0],  # the areas; stadsdeel names would cover the numbers
        {
            "data": {"values": rows},
            "mark": text | {"stroke": "#ffffff", "strokeWidth": 2.2, "strokeOpacity": 0.9},
            "encoding": encoding,
        },
        {"data": {"values": rows}, "mark": text | {"fill": "#111111"}, "encoding": encoding},
    ]
    return spec
