"""Cold and warm requests of the national view of an indicator (page and map picture), and of
the comparison page, in one process on the built warehouse (`sociale-staat build`).

Cold: the first request after start-up for that indicator and year (cross-section, page, SVG
rendered by vl-convert). Warm: the same request again (from the cache), median of 20.
A few seconds of load in all.

Usage: python benchmarks/bench_national.py [--indicator werkloosheid] [--warehouse PAD]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

from sociale_staat.core import paths
from sociale_staat.web.app import create_app


def timed(client: TestClient, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code} {response.text[:200]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--indicator", default="werkloosheid")
    parser.add_argument("--warehouse", type=Path, default=None)
    args = parser.parse_args()
    start = time.perf_counter()
    client = TestClient(create_app(args.warehouse or paths.default_warehouse()))
    print(f"start-up: {(time.perf_counter() - start) * 1000:.0f} ms")
    urls = [
        f"/indicator/{args.indicator}/nederland",
        f"/grafiek/{args.indicator}/nederland.svg",
        f"/indicator/{args.indicator}/nederland?focus=GM0363",
        f"/grafiek/{args.indicator}/nederland.svg?focus=GM0363",
        "/vergelijk?thema=arbeid&gemeenten=Almere,Lelystad,Zwolle",
    ]
    print(f"{'adres':<62} {'koud (ms)':>10} {'warm, mediaan van 20 (ms)':>26}")
    for url in urls:
        cold = timed(client, url)
        warm = statistics.median(timed(client, url) for _ in range(20))
        print(f"{url:<62} {cold:>10.1f} {warm:>26.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
