"""Time the kennisbank: indexing the demo corpus (< 5 s) and search p95 (< 20 ms) on a corpus
enlarged to at least 10,000 passages (copies of the real documents, each made unique).

Usage: python benchmarks/bench_kennisbank.py [--copies N]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from sociale_staat.core import paths
from sociale_staat.kennisbank.store import Kennisbank

QUERIES = [
    q["query"]
    for q in yaml.safe_load(
        (paths.ROOT / "tests" / "kennisbank_queries.yml").read_text(encoding="utf-8")
    )
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=45)
    copies = parser.parse_args().copies
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        kb = Kennisbank(folder / "corpus.sqlite", paths.taxonomy_dir())
        kb.add_folder(paths.demo_corpus())
        print(f"index demo corpus      {time.perf_counter() - start:6.2f} s  (target < 5 s)")

        big = Kennisbank(folder / "big.sqlite", paths.taxonomy_dir())
        docs = folder / "docs"
        docs.mkdir()
        start = time.perf_counter()
        for n in range(copies):
            for source in sorted(paths.demo_corpus().glob("*.txt")):
                copy = docs / f"{n:03d}_{source.name}"
                copy.write_text(
                    source.read_text(encoding="utf-8") + f"\n\nKopie {n}.\n", encoding="utf-8"
                )
                big.add(copy)
        passages = big.con.execute("SELECT count(*) FROM passages").fetchone()[0]
        print(f"index {passages} passages {time.perf_counter() - start:6.2f} s")
        times = []
        for _ in range(10):
            for query in QUERIES:
                t = time.perf_counter()
                big.search(query)
                times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p95 = times[int(0.95 * len(times)) - 1]
        print(
            f"search p95 {p95:6.1f} ms  median {statistics.median(times):5.1f} ms  "
            f"({len(times)} queries on {passages} passages; target p95 < 20 ms)"
        )


if __name__ == "__main__":
    main()
