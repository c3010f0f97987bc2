"""Time the full Almere report (HTML + PDF + DOCX, charts and maps): target < 60 s.

Usage: python benchmarks/bench_report.py [--warehouse PATH]
"""

import argparse
import tempfile
import time
from pathlib import Path

from sociale_staat.analysis.benchmark import run
from sociale_staat.analysis.neighbourhoods import for_gemeente
from sociale_staat.analysis.peers import resolve
from sociale_staat.core import paths
from sociale_staat.kennisbank.store import Kennisbank
from sociale_staat.report import document as reporting
from sociale_staat.report import writing
from sociale_staat.warehouse.queries import Warehouse


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warehouse", type=Path, default=paths.default_warehouse())
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        kb = Kennisbank(Path(tmp) / "kb.sqlite", paths.taxonomy_dir())
        kb.add_folder(paths.demo_corpus())
        start = time.perf_counter()
        w = Warehouse(args.warehouse)
        bench = run(w, resolve(w, paths.peer_groups_dir(), "almere-2023", "GM0034"))
        hoods = for_gemeente(w, "GM0034")
        doc = reporting.assemble(w, bench, hoods, kb)
        assembled = time.perf_counter() - start
        written = writing.write(doc, Path(tmp) / "rapport")
        total = time.perf_counter() - start
        sizes = ", ".join(f"{p.suffix[1:]} {p.stat().st_size // 1024} kB" for p in written)
        figures = sum(len(c.all_figures()) for c in doc.chapters)
    print(
        f"report  {total:5.1f} s total ({assembled:4.1f} s assembling, {figures} figures; {sizes}); "
        "target < 60 s"
    )


if __name__ == "__main__":
    main()
