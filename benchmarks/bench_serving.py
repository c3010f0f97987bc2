"""Serving speed without a warm cache, side by side with Datasette, in one run.

1. Values: the same indicator values exported to SQLite and served by Datasette (one-row
   lookups by primary key), against `/api/values` of `sociale-staat serve`; the same distinct
   lookups (default 1,680 real cells), 20 connections, wrk, one after the other.
   Targets: throughput >= 3x Datasette's, p90 <= 1/3 of Datasette's.
2. Cold indicator pages for 40 different gemeenten on a fresh server: p95 < 100 ms
   (then the same 40 again, from the cache, reported apart).
3. Static files while cold pages are being requested: p99 < 20 ms.

Needs a built warehouse (`sociale-staat build`), Debian's `wrk`, and Datasette in its own
environment: `python -m venv .venv-datasette && .venv-datasette/bin/pip install datasette`
(kept out of the project's dependencies on purpose).

Usage: python benchmarks/bench_serving.py [--seconds 10] [--lookups 1680] [--workers 1]
"""

import argparse
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import httpx

ROOT = Path(__file__).resolve().parents[1]
LUA = """
local paths, i = {}, 0
for line in io.lines("%s") do paths[#paths + 1] = line end
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%.1f %%.2f %%.2f %%.2f %%d %%d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(command: list[str], port: int, probe: str) -> Iterator[str]:
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(base + probe, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            sys.exit(f"server kwam niet op: {' '.join(command)}")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def wrk(base: str, paths: list[str], seconds: int, folder: Path) -> dict[str, float]:
    listing = folder / f"paths-{len(paths)}-{abs(hash(base))}.txt"
    listing.write_text("\n".join(paths) + "\n")
    script = folder / f"{listing.stem}.lua"
    script.write_text(LUA % listing)
    out = subprocess.run(
        ["wrk", "-t1", "-c20", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), base],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    rps, p50, p90, p99, n, errors = (float(v) for v in line.split()[1:])
    return {"rps": rps, "p50": p50, "p90": p90, "p99": p99, "requests": n, "errors": errors}


def export_values(warehouse: Path, target: Path) -> list[tuple[str, str, int, int]]:
    """Every indicator value into SQLite (for Datasette); returns the cells that have a value."""
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute(
        "SELECT indicator, region_code, indeling, period, value, lower, upper, status, table_id"
        " FROM indicator_values ORDER BY ALL"
    ).fetchall()
    con.close()
    lite = sqlite3.connect(target)
    lite.execute(
        "CREATE TABLE indicator_values (indicator TEXT, region_code TEXT, indeling INTEGER,"
        " period INTEGER, value REAL, lower REAL, upper REAL, status TEXT, table_id TEXT,"
        " PRIMARY KEY (indicator, region_code, indeling, period))"
    )
    lite.executemany("INSERT INTO indicator_values VALUES (?,?,?,?,?,?,?,?,?)", rows)
    lite.commit()
    lite.close()
    return [(r[0], r[1], r[2], r[3]) for r in rows if r[4] is not None and r[2] == 0]


def cold_pages(base: str, gemeenten: list[str], indicators: list[str], seconds: int) -> None:
    """40 cold indicator pages, then more cold pages, while wrk asks for the stylesheet."""
    result: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        loader = threading.Thread(
            target=lambda: result.update(static=wrk(base, ["/static/site.css"], seconds, Path(tmp)))
        )
        loader.start()
        time.sleep(0.3)
        cold = timed(base, [f"/indicator/werkloosheid?focus={g}" for g in gemeenten])
        more = (f"/indicator/{i}?focus={g}" for i in indicators[1:] for g in gemeenten)
        extra = 0
        while loader.is_alive():  # keep the server busy with cold pages until wrk is done
            path = next(more, None)
            if path is None:
                break
            timed(base, [path])
            extra += 1
        loader.join()
    warm = timed(base, [f"/indicator/werkloosheid?focus={g}" for g in gemeenten])
    s = result["static"]
    print(
        f"indicatorpagina koud, {len(cold)} gemeenten: p50 {statistics.median(cold):.1f} ms,"
        f" p95 {p95(cold):.1f} ms, max {max(cold):.1f} ms (doel p95 < 100 ms)"
    )
    print(
        f"indicatorpagina uit cache, dezelfde {len(warm)}: p50 {statistics.median(warm):.1f} ms,"
        f" p95 {p95(warm):.1f} ms"
    )
    print(
        f"/static/site.css (20 verbindingen) tijdens {len(cold) + extra} koude pagina's:"
        f" {s['rps']:.0f} req/s, p99 {s['p99']:.1f} ms, fouten {s['errors']:.0f}"
        " (doel p99 < 20 ms)"
    )


def precomputed(warehouse: Path) -> tuple[list[str], list[str]]:
    """Gemeenten with a stored benchmark (the pages a visitor asks for) and indicator ids."""
    con = duckdb.connect(str(warehouse), read_only=True)
    gemeenten = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT focus FROM benchmarks WHERE payload IS NOT NULL ORDER BY 1"
        ).fetchall()
    ]
    indicators = [
        r[0]
        for r in con.execute(
            "SELECT id FROM indicators WHERE list_contains(levels, 'gemeente') AND coalesce(unavailable, '') = ''"
            " ORDER BY position"
        ).fetchall()
    ]
    con.close()
    return gemeenten, indicators


def timed(base: str, paths: list[str]) -> list[float]:
    times = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for path in paths:
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (path, response.status_code)
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--lookups", type=int, default=1680)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--warehouse", type=Path, default=ROOT / "var" / "warehouse.duckdb")
    args = parser.parse_args()
    datasette = ROOT / ".venv-datasette" / "bin" / "datasette"
    if not shutil.which("wrk") or not datasette.exists():
        sys.exit("nodig: wrk (apt-get install wrk) en .venv-datasette (zie de uitleg bovenaan)")
    cli = str(Path(sys.executable).parent / "sociale-staat")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "values.db"
        cells = export_values(args.warehouse, db)
        chosen = random.Random(11).sample(cells, args.lookups)
        ours = [f"/api/values?indicator={i}&area={c}&period={p}" for i, c, _, p in chosen]
        theirs = [f"/values/indicator_values/{i},{c},{n},{p}.json" for i, c, n, p in chosen]
        port = free_port()
        command = [str(datasette), "serve", str(db), "-p", str(port), "-h", "127.0.0.1"]
        with running(command, port, "/values.json") as base:
            ds = wrk(base, theirs, args.seconds, folder)
        port = free_port()
        serve = [cli, "serve", "--port", str(port), "--workers", str(args.workers)]
        serve += ["--warehouse", str(args.warehouse)]
        with running(serve, port, "/api/indicators") as base:
            us = wrk(base, ours, args.seconds, folder)
        print(f"{args.lookups} verschillende waarden, 20 verbindingen, {args.seconds} s per kant")
        for name, r in (("Datasette 0.65", ds), (f"/api/values ({args.workers}w)", us)):
            print(
                f"  {name:22} {r['rps']:7.0f} req/s  p50 {r['p50']:6.1f} ms  p90 {r['p90']:6.1f} ms"
                f"  p99 {r['p99']:6.1f} ms  fouten {r['errors']:.0f}"
            )
        print(
            f"  verhouding: doorvoer {us['rps'] / ds['rps']:.1f}x (doel >= 3x),"
            f" p90 {us['p90'] / ds['p90']:.2f} van Datasette (doel <= 0,33)"
        )
        gemeenten, indicators = precomputed(args.warehouse)
        sample = random.Random(40).sample(gemeenten, 40)
        port = free_port()
        serve = [cli, "serve", "--port", str(port), "--workers", str(args.workers)]
        serve += ["--warehouse", str(args.warehouse)]
        with running(serve, port, "/api/indicators") as base:
            cold_pages(base, sample, indicators, max(3, args.seconds // 2))


if __name__ == "__main__":
    main()
