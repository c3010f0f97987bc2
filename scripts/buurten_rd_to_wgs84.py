"""Write data/geo/almere_buurten_2024_wgs84.geojson from the RD New (EPSG:28992) copy in
../shared/data/geo, without a projection library.

RD New to WGS84 with the published polynomial approximation (Schreutelaar and Strang van Hees,
as used by Kadaster/RDNAPTRANS for quick conversions): better than about a metre inside the
Netherlands, far below the generalisation of these boundaries. Properties kept: the CBS buurt
code (`code`) and name (`name`), as in the wijk file. Coordinates rounded to 6 decimals.

Usage: python scripts/buurten_rd_to_wgs84.py
"""

import json
import sys
from pathlib import Path

from sociale_staat.core import paths

SOURCE = "geo/almere_buurten_2024_gegeneraliseerd_rd.geojson"
TARGET = Path(__file__).resolve().parents[1] / "data" / "geo" / "almere_buurten_2024_wgs84.geojson"
X0, Y0, PHI0, LAM0 = 155000.0, 463000.0, 52.15517440, 5.38720621
# (p, q, coefficient): dPhi = sum K_pq dX^p dY^q (arc seconds), dLam = sum L_pq dX^p dY^q.
K = [(0, 1, 3235.65389), (2, 0, -32.58297), (0, 2, -0.24750), (2, 1, -0.84978), (0, 3, -0.06550),
     (2, 2, -0.01709), (1, 0, -0.00738), (4, 0, 0.00530), (2, 3, -0.00039), (4, 1, 0.00033),
     (1, 1, -0.00012)]  # fmt: skip
L = [(1, 0, 5260.52916), (1, 1, 105.94684), (1, 2, 2.45656), (3, 0, -0.81885), (1, 3, 0.05594),
     (3, 1, -0.05607), (0, 1, 0.01199), (3, 2, -0.00256), (1, 4, 0.00128), (0, 2, 0.00022),
     (2, 0, -0.00022), (5, 0, 0.00026)]  # fmt: skip


def to_wgs84(x: float, y: float) -> list[float]:
    dx, dy = (x - X0) * 1e-5, (y - Y0) * 1e-5
    phi = PHI0 + sum(c * dx**p * dy**q for p, q, c in K) / 3600
    lam = LAM0 + sum(c * dx**p * dy**q for p, q, c in L) / 3600
    return [round(lam, 6), round(phi, 6)]


def _ring(coords: list[list[float]]) -> list[list[float]]:
    return [to_wgs84(c[0], c[1]) for c in coords]


def main() -> int:
    source = paths.shared_data() / SOURCE
    if not source.exists():
        print(f"niet gevonden: {source}", file=sys.stderr)
        return 1
    data = json.loads(source.read_text(encoding="utf-8"))
    features = []
    for f in data["features"]:
        geometry = f["geometry"]
        if geometry["type"] == "Polygon":
            coords = [_ring(r) for r in geometry["coordinates"]]
        else:
            coords = [[_ring(r) for r in poly] for poly in geometry["coordinates"]]
        features.append(
            {
                "type": "Feature",
                "properties": {"code": f["properties"]["statcode"], "name": f["properties"]["statnaam"]},
                "geometry": {"type": geometry["type"], "coordinates": coords},
            }
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
    print(f"{TARGET}: {len(features)} buurten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
