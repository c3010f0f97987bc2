"""Cold and warm answers of the dashboard's newer pages (issue 14) in one fresh process on the
built warehouse: per kind of page, distinct URLs asked once each (cold: nothing cached for
them), then the same URLs again (warm, from the cache). Target of the serving issue for a
cold page: p95 < 100 ms. The national map picture is reported apart: it is a drawing, made
once per indicator and year by vl-convert.

Usage: python benchmarks/bench_pages.py [--warehouse PAD]
(run `sociale-staat docs add data/corpus` first for the document pages to have content)
"""

import argparse
import statistics
import time
from pathlib import Path

from fastapi.testclient import TestClient

from sociale_staat.core import paths
from sociale_staat.web.app import create_app

QUERIES = [
    "eenzaamheid",
    "armoede",
    "schulden",
    "jongeren",
    "werk",
    "zorg",
    "wonen",
    "veiligheid",
    "onderwijs",
    "sport",
    "gezondheid",
    "ouderen",
    "inkomen",
    "bijstand",
    "wijk",
    "kinderen",
    "mantelzorg",
    "taal",
    "laaggeletterdheid",
    "participatie",
]


def kinds(client: TestClient) -> dict[str, list[str]]:
    listed = client.get("/api/indicators").json()
    ids = [i["id"] for i in listed if "gemeente" in i["levels"] and not i["unavailable"]][:40]
    themes = ["demografie", "arbeid", "onderwijs", "inkomen", "kansengelijkheid", "gezondheid",
              "zorg", "leefomgeving", "veiligheid", "sport"]  # fmt: skip
    pairs = ["Almere,Lelystad", "Almere,GM0363,Utrecht", "Zwolle,Tilburg", "Ede,Apeldoorn,Zaanstad"]
    return {
        "landelijke pagina": [f"/indicator/{i}/nederland" for i in ids[:20]],
        "vergelijken": [f"/vergelijk?thema={t}&gemeenten={p}" for t in themes for p in pairs][:20],
        "zoeken": [f"/zoek?q={q}" for q in QUERIES],
        "documenten zoeken": [f"/documenten?q={q}" for q in QUERIES],
        "document": [f"/documenten/{n}" for n in range(1, 5)],
        "indicator, Engels": [f"/indicator/{i}?lang=en" for i in ids[20:40]],
        "over (methode, colofon, toegankelijkheid, rapport)": [
            "/methode",
            "/colofon",
            "/toegankelijkheid",
            "/rapport",
            "/rapport?focus=GM0363",
        ],
        "landelijke kaart (tekening)": [f"/grafiek/{i}/nederland.svg" for i in ids[:5]],
    }


def timed(client: TestClient, url: str) -> float | None:
    start = time.perf_counter()
    status = client.get(url).status_code
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed if status == 200 else None


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warehouse", type=Path, default=paths.default_warehouse())
    args = parser.parse_args()
    with TestClient(create_app(args.warehouse)) as client:  # started as serve starts it
        measure(client)


def measure(client: TestClient) -> None:
    for kind, urls in kinds(client).items():
        cold = [t for u in urls if (t := timed(client, u)) is not None]
        warm = [t for u in urls if (t := timed(client, u)) is not None]
        missing = len(urls) - len(cold)
        print(
            f"{kind:52s} n={len(cold):2d} koud p50 {statistics.median(cold):7.1f} ms"
            f" p95 {p95(cold):7.1f} ms | warm p50 {statistics.median(warm):5.1f} ms"
            + (f" ({missing} niet 200)" if missing else "")
        )


if __name__ == "__main__":
    main()
