"""Time the neighbourhood part: all Almere profiles with stadsdelen and the concentration ranking
(< 2 s), and one map to SVG (< 1 s). In-process on a built warehouse.

Usage: python benchmarks/bench_wijken.py [--warehouse PATH] [--runs N]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sociale_staat.analysis.neighbourhoods import for_gemeente, stadsdeel_values
from sociale_staat.core import paths
from sociale_staat.render import maps
from sociale_staat.warehouse.queries import Warehouse


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warehouse", type=Path, default=paths.default_warehouse())
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    profile_times, map_times = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.runs):
            start = time.perf_counter()
            w = Warehouse(args.warehouse)
            hoods = for_gemeente(w, "GM0034")
            stadsdeel_values(w, hoods)
            ranked = hoods.concentrations()
            hoods.co_occurrence()
            profile_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            chart = maps.choropleth(hoods, "aandeel_bijstand", maps.boundaries_for("GM0034") or {})
            maps.render(chart, Path(tmp) / "kaart.svg")
            map_times.append(time.perf_counter() - start)
    print(
        f"profiles+concentrations median {statistics.median(profile_times):.3f} s  "
        f"max {max(profile_times):.3f} s  ({len(hoods.areas)} areas, {len(ranked)} with risks; "
        "target < 2 s)"
    )
    print(
        f"map to SVG              median {statistics.median(map_times):.3f} s  "
        f"max {max(map_times):.3f} s  (target < 1 s; first run includes loading vl-convert)"
    )


if __name__ == "__main__":
    main()
