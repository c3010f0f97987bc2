"""The coverage map: wijken coloured by need and by whether help is near, with the service
locations as dots. One Vega-Lite spec (rendered to SVG by vl-convert, like every other map).
"""

from collections.abc import Callable
from typing import Any

from sociale_staat.core.formatting import format_number
from sociale_staat.render import maps
from sociale_staat.sociale_kaart.coverage import Coverage, ServicePoint

GAP, NEAR, LOW, NONE = "hoge nood, geen aanbod dichtbij", "hoge nood, aanbod dichtbij", "geen hoge nood", "geen gegevens"


def status(cov: Coverage, code: str) -> str:
    wijk = next((w for w in cov.wijken if w.code == code), None)
    if wijk is None or wijk.value is None:
        return NONE
    if not wijk.high:
        return LOW
    return GAP if wijk in cov.gaps() else NEAR


def spec(
    cov: Coverage,
    gemeente_code: str,
    points: list[ServicePoint],
    say: Callable[[str], str] = str,
    number: Callable[[float, int], str] = format_number,
) -> dict[str, Any] | None:
    """The map's spec; `say` and `number` put its own words (title, legend) and numbers in the
    reader's language."""
    shapes = maps.boundaries_for(gemeente_code)
    if shapes is None:
        return None
    names = {w.code: w.name for w in cov.wijken}
    features = [
        {
            "type": "Feature",
            "geometry": f["geometry"],
            "properties": {
                "naam": names.get(f["properties"]["code"], f["properties"].get("name")),
                "status": say(status(cov, f["properties"]["code"])),
            },
        }
        for f in shapes["features"]
    ]
    dots = [{"lat": p.latitude, "lon": p.longitude, "dienst": p.name} for p in points]
    km = number(cov.max_km, 1)
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {
            "text": say("{soort}: nood en aanbod per wijk").format(soort=say(cov.category.titel)),
            "subtitle": [
                say("Hoge nood: {indicator} duidelijk hoger dan de stad; dichtbij: binnen {km} km; stippen: diensten").format(
                    indicator=cov.indicator_title.lower(), km=km
                )
            ],
            "anchor": "start",
        },
        "width": 560,
        "height": 520,
        "projection": {"type": "mercator"},
        "layer": [
            {
                "data": {"values": features},
                "mark": {"type": "geoshape", "stroke": "#555555", "strokeWidth": 0.6},
                "encoding": {
                    "color": {
                        "field": "properties.status",
                        "type": "nominal",
                        "title": say("Wijk"),
                        "scale": {"domain": [say(s) for s in (GAP, NEAR, LOW, NONE)], "range": ["#c2410c", "#fdba74", "#f1f1f1", "#bdbdbd"]},
                        "legend": {"orient": "right", "labelLimit": 260},
                    },
                    "tooltip": [{"field": "properties.naam", "title": say("Wijk")}, {"field": "properties.status", "title": say("Stand")}],
                },
            },
            {
                "data": {"values": dots},
                "mark": {"type": "circle", "size": 60, "color": "#1d4ed8", "stroke": "white", "strokeWidth": 1, "opacity": 1},
                "encoding": {
                    "longitude": {"field": "lon", "type": "quantitative"},
                    "latitude": {"field": "lat", "type": "quantitative"},
                    "tooltip": [{"field": "dienst", "title": say("Dienst")}],
                },
            },
        ],
        "config": {"font": "DejaVu Sans", "view": {"stroke": None}},
    }
