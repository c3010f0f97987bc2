"""Time sociale-kaart search (p95 < 20 ms) over 10,000 synthetic services in a temporary app
database. The services are generated here for the benchmark only and never stored elsewhere:
random names from a small vocabulary, placed at random points inside real Almere buurten.

Usage: python benchmarks/bench_sociale_kaart.py [--services N] [--app-db URL]
"""

import argparse
import random
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from shapely.geometry import Point

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.sociale_kaart.geo import bundled
from sociale_staat.sociale_kaart.package import Bundle
from sociale_staat.sociale_kaart.search import Query, search
from sociale_staat.sociale_kaart.store import ServiceStore

NEEDS = ["schulden", "geldzorgen", "taal", "werk", "mantelzorg", "jongeren", "eenzaamheid",
         "opvoeding", "huisvesting", "budgetcoaching", "sport", "ouderen", "wmo", "vrijwilligers"]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
QUERIES = {
    "behoefte + postcode + zaterdag": Query(need="schulden", postcode="1315", weekday=5),
    "behoefte": Query(need="taal"),
    "postcode binnen 2 km": Query(postcode="1325", max_km=2.0),
    "wijk + leeftijd": Query(wijk="WK003452", age=16),
    "nu open + behoefte + postcode": Query(need="werk", postcode="1354", open_at=datetime(2026, 11, 21, 11, 0)),
    "twee woorden + postcode": Query(need="jongeren sport", postcode="1336"),
}


def synthetic(n: int, seed: int = 16) -> Bundle:
    rng = random.Random(seed)
    geo = bundled()
    bundle = Bundle()
    t = bundle.tables
    t["organization"]["org"] = {"id": "org", "name": "Synthetische organisatie", "description": "benchmark"}
    for i in range(n):
        buurt = rng.choice(geo.buurten)
        minx, miny, maxx, maxy = buurt.geometry.bounds
        while True:
            p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
            if buurt.geometry.contains(p):
                break
        need = rng.sample(NEEDS, 2)
        sid, lid = f"s{i}", f"l{i}"
        t["service"][sid] = {
            "id": sid, "organization_id": "org", "name": f"Dienst {i} {need[0]}",
            "description": f"Hulp bij {need[0]} en {need[1]} in de buurt", "status": "active",
            "assured_date": f"202{rng.randint(3, 6)}-0{rng.randint(1, 9)}-15",
            **({"minimum_age": 12, "maximum_age": 23} if "jongeren" in need else {}),
        }
        t["location"][lid] = {"id": lid, "location_type": "physical", "latitude": p.y, "longitude": p.x}
        t["service_at_location"][f"sl{i}"] = {"id": f"sl{i}", "service_id": sid, "location_id": lid}
        days = ",".join(sorted(rng.sample(DAYS, rng.randint(1, 4)), key=DAYS.index))
        t["schedule"][f"h{i}"] = {"id": f"h{i}", "service_id": sid, "freq": "WEEKLY", "byday": days,
                                  "opens_at": "09:00", "closes_at": rng.choice(["12:00", "17:00", "21:00"])}
    return bundle


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--app-db", default=None, help="Standaard: SQLite in een tijdelijke map.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = AppDatabase(args.app_db or f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        start = time.perf_counter()
        ServiceStore(db).import_bundle(synthetic(args.services), "benchmark")
        print(f"import {args.services} services   {time.perf_counter() - start:6.1f} s ({db.dialect})")
        start = time.perf_counter()
        search(db, Query(need="schulden"))
        print(f"first search (builds the index)   {time.perf_counter() - start:6.2f} s")
        everything: list[float] = []
        for name, query in QUERIES.items():
            times, hits = [], 0
            for _ in range(args.runs):
                t0 = time.perf_counter()
                hits = len(search(db, query).hits)
                times.append((time.perf_counter() - t0) * 1000)
            everything += times
            p95 = statistics.quantiles(times, n=20)[18]
            print(f"{name:34} p50 {statistics.median(times):6.2f} ms  p95 {p95:6.2f} ms  ({hits} hits)")
        p95 = statistics.quantiles(everything, n=20)[18]
        print(f"{'all queries':34} p50 {statistics.median(everything):6.2f} ms  p95 {p95:6.2f} ms  (target < 20 ms)")
        db.close()


if __name__ == "__main__":
    main()
