"""Names and numbers on a map: every stadsdeel, the wijken that have room for their name, and
the buurt numbers, every one of them, moved beside their buurt where it has no room (`spread`).

Positions are area-weighted centroids of the polygons (no GIS library needed for that); a wijk
name is only placed where its box does not overlap a name already placed, largest wijken first,
so the labels never pile up into an unreadable smudge. Boxes are measured in a local plate
carrée that matches Vega's fitted Mercator projection closely over a city.
"""

import itertools
import math
from dataclasses import dataclass
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


def fitted(geometries: list[dict[str, Any]], width: int, height: int) -> tuple[int, int]:
    """The drawing size for these shapes at `width`, no taller than `height` and no taller
    than the shapes need (a long flat stadsdeel leaves no empty band under its map)."""
    scale, _ = _scale(geometries, width, height)
    lats = [p[1] for g in geometries for ring in _rings(g) for p in ring]
    return width, min(height, max(round((max(lats) - min(lats)) * scale) + 2, height // 3))


def _box(
    lon: float, lat: float, name: str, size: int, scale: float, shrink: float
) -> tuple[float, float, float, float]:
    x, y = lon * shrink * scale, -lat * scale
    half_w, half_h = len(name) * size * 0.3 + 2, size * 0.6 + 1
    return x - half_w, y - half_h, x + half_w, y + half_h


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@dataclass(frozen=True)
class Spread:
    """A number placed on a map: where it is drawn, and the point of its area it belongs to
    (`moved`: drawn beside its area, with a leader line to that point)."""

    text: str
    lon: float
    lat: float
    anchor_lon: float
    anchor_lat: float
    moved: bool


def spread(
    anchors: list[tuple[str, float, float, float]],
    geometries: list[dict[str, Any]],
    width: int,
    height: int,
    size: int,
) -> list[Spread]:
    """Numbers (text, lon, lat, area) placed without overlapping: each on its own point where
    that is free (smallest areas first: they have nowhere else to go), the others moved to the
    nearest free spot around their point within the map. A number that finds no free spot
    stays on its point."""
    scale, shrink = _scale(geometries, width, height)
    points = [p for g in geometries for ring in _rings(g) for p in ring]
    left, right = (f(p[0] for p in points) * shrink * scale for f in (min, max))
    top, bottom = (-f(p[1] for p in points) * scale for f in (max, min))
    placed: list[tuple[float, float, float, float]] = []
    moved_to: dict[int, tuple[float, float]] = {}

    def box(text: str, x: float, y: float) -> tuple[float, float, float, float]:
        half_w, half_h = len(text) * size * 0.33 + 1.5, size * 0.55 + 1
        return x - half_w, y - half_h, x + half_w, y + half_h

    def take(text: str, x: float, y: float) -> bool:
        b = box(text, x, y)
        inside = left <= b[0] and b[2] <= right and top <= b[1] and b[3] <= bottom
        if inside and not any(_overlap(b, other) for other in placed):
            placed.append(b)
            return True
        return False

    order = sorted(range(len(anchors)), key=lambda i: anchors[i][3])
    at_home = {i for i in order if take(anchors[i][0], *_pixel(anchors[i], shrink, scale))}
    for i in order:  # the others: the nearest free spot, in rings around their point
        if i in at_home:
            continue
        x0, y0 = _pixel(anchors[i], shrink, scale)
        for radius in (size * f for f in (1.2, 1.6, 2.0, 2.6, 3.2, 4, 5, 6, 7.5, 9, 11, 13)):
            spots = (
                (x0 + radius * math.cos(math.radians(a)), y0 + radius * math.sin(math.radians(a)))
                for a in range(0, 360, 20)
            )
            spot = next((s for s in spots if take(anchors[i][0], *s)), None)
            if spot is not None:
                moved_to[i] = spot
                break
    out = []
    for i, (text, lon, lat, _) in enumerate(anchors):
        x, y = moved_to.get(i, _pixel(anchors[i], shrink, scale))
        out.append(Spread(text, x / (shrink * scale), -y / scale, lon, lat, i in moved_to))
    return out


def _pixel(
    anchor: tuple[str, float, float, float], shrink: float, scale: float
) -> tuple[float, float]:
    return anchor[1] * shrink * scale, -anchor[2] * scale
