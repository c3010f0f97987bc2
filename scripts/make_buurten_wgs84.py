"""Write data/geo/almere_buurten_2024_wgs84.geojson from the RD New (EPSG:28992) copy in ../shared.

Reprojection with pyproj (EPSG:28992 -> EPSG:4326, always_xy so output is lon, lat); coordinates
rounded to 6 decimals (about 0.1 m, below the generalisation of the source). Properties: code and
name from the boundary file, and `postcode`: the buurt's most frequent four-digit postcode from
CBS KWB 2024 (85984NED, MeestVoorkomendePostcode), so a search "near postcode 1315" can be placed
without a postcode database.
"""

import csv
import json
import sys
from pathlib import Path

from pyproj import Transformer

from sociale_staat.core import paths

SOURCE = "geo/almere_buurten_2024_gegeneraliseerd_rd.geojson"
KWB = "cbs/kwb/cbs_85984NED_kwb2024_almere_wijken_buurten_plus_gemeenten.csv"
TARGET = Path(__file__).resolve().parents[1] / "data" / "geo" / "almere_buurten_2024_wgs84.geojson"


def main() -> int:
    source = paths.shared_data() / SOURCE
    data = json.loads(source.read_text(encoding="utf-8"))
    to_wgs84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)

    def ring(coords: list[list[float]]) -> list[list[float]]:
        xs, ys = to_wgs84.transform([c[0] for c in coords], [c[1] for c in coords])
        return [[round(x, 6), round(y, 6)] for x, y in zip(xs, ys, strict=True)]

    with (paths.shared_data() / KWB).open(encoding="utf-8-sig", newline="") as f:
        postcode = {
            r["Codering_3"].strip(): r["MeestVoorkomendePostcode_125"].strip()
            for r in csv.DictReader(f, delimiter=";")
        }
    features = []
    for f in data["features"]:
        geom = f["geometry"]
        if geom["type"] == "Polygon":
            coords = [ring(r) for r in geom["coordinates"]]
        else:
            coords = [[ring(r) for r in poly] for poly in geom["coordinates"]]
        code = f["properties"]["statcode"]
        pc4 = postcode.get(code, "")
        props = {"code": code, "name": f["properties"]["statnaam"], "postcode": pc4 if pc4.isdigit() else None}
        features.append(
            {"type": "Feature", "properties": props, "geometry": {"type": geom["type"], "coordinates": coords}}
        )
    out = {
        "type": "FeatureCollection",
        "name": "almere_buurten_2024_wgs84",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": features,
    }
    tmp = TARGET.with_suffix(".tmp")
    tmp.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    tmp.replace(TARGET)
    print(f"{len(features)} buurten -> {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
