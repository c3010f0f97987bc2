"""Names on a map: every stadsdeel, and the wijken that have room for their name.

Positions are area-weighted centroids of the polygons (no GIS library needed for that); a wijk
name is only placed where its box does not overlap a name already placed, largest wijken first,
so the labels never pile up into an unreadable smudge.
"""

import itertools
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sociale_staat.analysis.neighbourhoods import Neighbourhoods

STADSDEEL_SIZE, WIJK_SIZE = 11, 7


def labels_layers(
    hoods: "Neighbourhoods", boundaries: dict[str, Any], level: str, width: int, height: int
) -> list[dict[str, Any]]:
    """Vega-Lite text layers (longitude/latitude) with the stadsdeel names and, on a wijk map,
    the names of the wijken that fit."""
    shapes = {f["properties"].get("code"): f["geometry"] for f in boundaries.get("features", [])}
    areas = {a.code: a for a in hoods.level(level)}
    polygons = {code: _centroid(geom) for code, geom in shapes.items() if code in areas}
    if not polygons:
        return []
    scale, lat0 = _scale(list(shapes.values()), width, height)
    placed: list[tuple[float, float, float, float]] = []
    districts: dict[str, list[tuple[float, float, float]]] = {}
    for code, (lon, lat, size) in polygons.items():
        name = areas[code].stadsdeel
        if name:
            districts.setdefault(name, []).append((lon, lat, size))
    big = []
    for name, parts in districts.items():
        total = sum(p[2] for p in parts) or 1.0
        lon = sum(p[0] * p[2] for p in parts) / total
        lat = sum(p[1] * p[2] for p in parts) / total
        big.append({"lon": lon, "lat": lat, "naam": name})
        placed.append(_box(lon, lat, name, STADSDEEL_SIZE, scale, lat0))
    small = []
    if level == "wijk":
        for code, (lon, lat, _) in sorted(polygons.items(), key=lambda kv: -kv[1][2]):
            name = areas[code].name
            box = _box(lon, lat, name, WIJK_SIZE, scale, lat0)
            if not any(_overlap(box, other) for other in placed):
                placed.append(box)
                small.append({"lon": lon, "lat": lat, "naam": name})
    return [
        *_text(small, WIJK_SIZE, "normal", "#222222"),
        *_text(big, STADSDEEL_SIZE, "bold", "#000000"),
    ]


def _text(rows: list[dict[str, Any]], size: int, weight: str, color: str) -> list[dict[str, Any]]:
    """Two layers: a white halo (Vega strokes over the fill, so the halo is its own layer
    underneath) and the name itself, so names stay legible on dark classes."""
    encoding = {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
        "text": {"field": "naam", "type": "nominal"},
    }
    base = {"type": "text", "fontSize": size, "fontWeight": weight}
    halo = base | {"color": "white", "stroke": "white", "strokeWidth": 3, "strokeOpacity": 0.9}
    return [
        {"data": {"values": rows}, "mark": halo, "encoding": encoding},
        {"data": {"values": rows}, "mark": base | {"color": color}, "encoding": encoding},
    ]


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [p[0] for p in geometry["coordinates"]]
    return []


def _centroid(geometry: dict[str, Any]) -> tuple[float, float, float]:
    """(lon, lat, area) of the outer rings, weighted by area; area in square degrees."""
    total = cx = cy = 0.0
    for ring in _rings(geometry):
        a = x = y = 0.0
        for (x1, y1, *_), (x2, y2, *_) in itertools.pairwise(ring):
            cross = x1 * y2 - x2 * y1
            a += cross
            x += (x1 + x2) * cross
            y += (y1 + y2) * cross
        if a == 0:
            continue
        total += abs(a) / 2
        cx += x / (3 * a) * abs(a) / 2
        cy += y / (3 * a) * abs(a) / 2
    if total == 0:
        ring = _rings(geometry)[0]
        return ring[0][0], ring[0][1], 0.0
    return cx / total, cy / total, total


def _scale(geometries: list[dict[str, Any]], width: int, height: int) -> tuple[float, float]:
    """Pixels per degree of latitude when the map is fitted into width x height (Mercator,
    locally a plate carrée with longitudes shrunk by cos(latitude))."""
    points = [p for g in geometries for ring in _rings(g) for p in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    lat0 = (min(lats) + max(lats)) / 2
    shrink = math.cos(math.radians(lat0))
    dx = (max(lons) - min(lons)) * shrink or 1e-9
    dy = (max(lats) - min(lats)) or 1e-9
    return min(width / dx, height / dy), shrink


def _box(
    lon: float, lat: float, name: str, size: int, scale: float, shrink: float
) -> tuple[float, float, float, float]:
    x, y = lon * shrink * scale, -lat * scale
    half_w, half_h = len(name) * size * 0.3 + 2, size * 0.6 + 1
    return x - half_w, y - half_h, x + half_w, y + half_h


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
