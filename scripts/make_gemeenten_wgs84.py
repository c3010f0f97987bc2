"""Write the gemeente boundaries of the national map: data/geo/gemeenten_<jaar>_wgs84.geojson.

Source: ../shared/data/geo/nld_gemeenten_2022_wgs84.geojson (345 gemeenten of 2022, EPSG:4326;
R package tmap, boundaries derived from the CBS/Kadaster wijk- en buurtkaart 2022). Each polygon
is simplified with shapely (tolerance 0.003 degrees, about 200-330 m: half a pixel of a map of
the whole country 520 pixels wide), coordinates rounded to 3 decimals (about 70-110 m); only
`code` and `name` are kept. For every later indeling declared in data/geo/herindelingen.yml the
merged gemeenten are joined (shapely union of the original shapes, then simplified) under their
new code, so values of that year are matched by the code of their own year.
"""

import json
import sys
from pathlib import Path
from typing import Any

import yaml
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from sociale_staat.core import paths

SOURCE = "geo/nld_gemeenten_2022_wgs84.geojson"
GEO = Path(__file__).resolve().parents[1] / "data" / "geo"
TOLERANCE = 0.003
DECIMALS = 3


def _rounded(geometry: BaseGeometry) -> dict[str, Any]:
    def ring(coords: Any) -> list[list[float]]:
        return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y, *_ in coords]

    data = mapping(geometry)
    if data["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r) for r in data["coordinates"]]}
    return {
        "type": "MultiPolygon",
        "coordinates": [[ring(r) for r in poly] for poly in data["coordinates"]],
    }


def _write(year: int, shapes: dict[str, tuple[str, BaseGeometry]]) -> Path:
    features = [
        {
            "type": "Feature",
            "properties": {"code": code, "name": name},
            "geometry": _rounded(geom.simplify(TOLERANCE, preserve_topology=True)),
        }
        for code, (name, geom) in sorted(shapes.items())
    ]
    out = {"type": "FeatureCollection", "name": f"gemeenten_{year}_wgs84", "features": features}
    target = GEO / f"gemeenten_{year}_wgs84.geojson"
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    tmp.replace(target)
    print(f"{len(features)} gemeenten ({year}) -> {target} ({target.stat().st_size // 1024} KB)")
    return target


def main() -> int:
    data = json.loads((paths.shared_data() / SOURCE).read_text(encoding="utf-8"))
    shapes: dict[str, tuple[str, BaseGeometry]] = {}
    for feature in data["features"]:
        props = feature["properties"]
        shapes[props["code"]] = (props["name"], shape(feature["geometry"]).buffer(0))
    _write(2022, shapes)
    mergers = yaml.safe_load((GEO / "herindelingen.yml").read_text(encoding="utf-8")) or {}
    for year in sorted(mergers):
        for new, merger in mergers[year].items():
            old = merger["uit"]
            missing = [c for c in old if c not in shapes]
            if missing:
                raise SystemExit(f"herindelingen.yml {year}: {new} uit onbekende {missing}")
            # Joined before simplifying, so no sliver is left along the old border.
            joined = unary_union([shapes[c][1] for c in old])
            for code in old:
                del shapes[code]
            shapes[new] = (merger["naam"], joined)
        _write(int(year), shapes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
