"""Time the kennisbank: indexing the demo corpus (< 5 s) and search p95 (< 20 ms) on a corpus
enlarged to at least 10,000 passages (copies of the real documents, each made unique).

Usage: python benchmarks/bench_kennisbank.py [--copies N] [--postgresql]
(--postgresql: the same on a temporary PostgreSQL server, its `dutch` text search and bm25 in SQL)
"""

import argparse
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import yaml

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.appdb.tempserver import TemporaryPostgres
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
    parser.add_argument("--postgresql", action="store_true")
    args = parser.parse_args()
    copies = args.copies
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        folder = Path(tmp)
        server = stack.enter_context(TemporaryPostgres()) if args.postgresql else None

        def store(name: str) -> AppDatabase | Path:
            if server is None:
                return folder / f"{name}.sqlite"
            return AppDatabase(server.create_database(name))

        print("engine:", "postgresql" if args.postgresql else "sqlite")
        start = time.perf_counter()
        kb = Kennisbank(store("corpus"), paths.taxonomy_dir())
        kb.add_folder(paths.demo_corpus())
        print(f"index demo corpus      {time.perf_counter() - start:6.2f} s  (target < 5 s)")

        big = Kennisbank(store("big"), paths.taxonomy_dir())
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
        passages = big.consistency().passages
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
