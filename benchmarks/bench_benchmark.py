"""Time the benchmark engine: all indicators for Almere vs its 12 peers and Nederland (< 2 s),
and a similarity peer search over all gemeenten (< 1 s). In-process, on a built warehouse.

Usage: python benchmarks/bench_benchmark.py [--warehouse PATH] [--runs N]
"""

import argparse
import statistics
import time
from pathlib import Path

from sociale_staat.analysis.benchmark import run
from sociale_staat.analysis.peers import load_group, resolve, similar
from sociale_staat.core import paths
from sociale_staat.warehouse.queries import Warehouse


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warehouse", type=Path, default=paths.default_warehouse())
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = paths.peer_groups_dir()
    full, search = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        w = Warehouse(args.warehouse)  # a fresh connection each run: no warm caches
        bench = run(w, resolve(w, folder, "almere-2023", "GM0034"))
        full.append(time.perf_counter() - start)
        spec = load_group(folder, "structuur-vergelijkbaar")
        start = time.perf_counter()
        group = similar(w, w.area("GM0034"), spec)  # type: ignore[arg-type]
        search.append(time.perf_counter() - start)
    sentences = sum(len(i.sentences) for i in bench.items)
    print(
        f"benchmark   median {statistics.median(full):.3f} s  max {max(full):.3f} s  "
        f"({len(bench.items)} indicators, {sentences} sentences; target < 2 s)"
    )
    print(
        f"similarity  median {statistics.median(search):.3f} s  max {max(search):.3f} s  "
        f"({len(group.members)} of {group.notes[0]}; target < 1 s)"
    )


if __name__ == "__main__":
    main()
