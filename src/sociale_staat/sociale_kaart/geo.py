"""Where a location lies: CBS wijk and buurt by point in polygon over the bundled boundaries,
a place for a four-digit postcode, and distances.

Buurten: data/geo/almere_buurten_2024_wgs84.geojson (238 buurten, indeling 2024); a buurt code
BU0034WWBB lies in wijk WK0034WW. Wijken without a buurt hit fall back to the 2022 wijk
boundaries (the same 71 wijken for Almere). A postcode is placed at the mean centre of the
buurten whose most frequent postcode it is (CBS KWB 2024); that is an approximation, said so
on the page.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from shapely import STRtree
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from sociale_staat.core import paths

BUURTEN = "almere_buurten_2024_wgs84.geojson"
WIJKEN = "almere_wijken_2022_wgs84.geojson"


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    postcode: str | None
    geometry: BaseGeometry


@dataclass(frozen=True)
class Place:
    wijk_code: str | None
    buurt_code: str | None


class Boundaries:
    """The bundled buurt and wijk polygons with a spatial index."""

    def __init__(self, geo_dir: Path) -> None:
        self.buurten = _areas(geo_dir / BUURTEN)
        self.wijken = _areas(geo_dir / WIJKEN)
        self._buurt_index = STRtree([a.geometry for a in self.buurten])
        self._wijk_index = STRtree([a.geometry for a in self.wijken])
        # Computed once: a search asks for these on every request.
        centres: dict[str, list[Point]] = {}
        for a in self.buurten:
            if a.postcode:
                centres.setdefault(a.postcode, []).append(a.geometry.centroid)
        self._postcodes = {
            code: (sum(c.y for c in cs) / len(cs), sum(c.x for c in cs) / len(cs))
            for code, cs in centres.items()
        }
        self._centres = {
            a.code: (p.y, p.x) for a in self.wijken for p in [a.geometry.representative_point()]
        }

    def locate(self, latitude: float, longitude: float) -> Place:
        """The CBS wijk and buurt a point lies in; both None outside the bundled gemeenten."""
        point = Point(longitude, latitude)
        for i in self._buurt_index.query(point, predicate="intersects"):
            buurt = self.buurten[int(i)]
            return Place("WK" + buurt.code[2:8], buurt.code)
        for i in self._wijk_index.query(point, predicate="intersects"):
            return Place(self.wijken[int(i)].code, None)
        return Place(None, None)

    def postcode_point(self, postcode: str) -> tuple[float, float] | None:
        """(lat, lon) for a four-digit postcode, from the buurten where it is most frequent."""
        return self._postcodes.get(postcode[:4])

    def wijk_centre(self, code: str) -> tuple[float, float] | None:
        return self._centres.get(code)

    def wijk_names(self) -> dict[str, str]:
        return {a.code: a.name for a in self.wijken}


@cache
def bundled() -> Boundaries:
    return Boundaries(paths.geo_dir())


def _areas(path: Path) -> list[Area]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Area(
            f["properties"]["code"],
            f["properties"]["name"],
            f["properties"].get("postcode"),
            shape(f["geometry"]),
        )
        for f in data["features"]
    ]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))
