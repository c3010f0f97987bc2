"""Stem van de stad under load and under a crash, against a real server on 127.0.0.1.

1. Fault run: 20 clients send 1.000 reactions; the server gets SIGKILL half-way; after a restart
   every reaction that got its "ontvangen" page must be in the database (target: 0 lost).
2. Load run, bounded in time: 20 clients react (each pausing --think seconds between reactions,
   as residents do) while 20 clients read pages; target: no errors, p95 of a reaction < 100 ms.

Usage: python benchmarks/bench_stem.py [--seconds 30] [--think 1.0] [--read-think 0]
                                       [--reactions 1000] [--skip-fault]
(needs the warehouse: sociale-staat build; uses a fresh app database in a temp folder)
"""

import argparse
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sociale_staat.appdb.database import AppDatabase
from tests.stem_support import (
    INDICATOR_PAGE,
    open_form,
    received_id,
    run_residents,
    solved,
    start_server,
    stored_ids,
)

READ_PAGES = [INDICATOR_PAGE, "/indicator/werkloosheid?focus=GM0034", "/stem/wijk/WK003408", "/gebied/WK003408"]


def environment(folder: Path) -> tuple[dict[str, str], str]:
    url = f"sqlite:///{folder / 'app.sqlite'}"
    env = {
        **os.environ,
        "SOCIALE_STAAT_APP_DB": url,
        "SOCIALE_STAAT_STEM_LIMIET": "1000000",  # every client comes from 127.0.0.1
        "SOCIALE_STAAT_STEM_REKENWERK": "1000",  # the client's work is not what is measured
    }
    return env, url


def fault_run(total: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        env, url = environment(Path(folder))
        server, base = start_server(env)
        stop = threading.Event()
        burst, threads = run_residents(base, 20, total // 20, stop)
        while len(burst.confirmed) < total // 2:
            time.sleep(0.002)
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        stop.set()
        for t in threads:
            t.join(timeout=60)
        confirmed = set(burst.confirmed)
        server, base = start_server(env)  # restart: the database must open and hold everything
        db = AppDatabase(url)
        stored = stored_ids(db)
        db.close()
        server.kill()
        server.wait()
        lost = confirmed - stored
        print(
            f"fault run: {len(confirmed)} confirmed before SIGKILL, {len(stored)} stored after "
            f"restart ({len(stored - confirmed)} were in flight), lost: {len(lost)} "
            + ("OK" if not lost else "FOUT")
        )


def load_run(seconds: float, think: float, read_think: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        env, _ = environment(Path(folder))
        server, base = start_server(env)
        for page in READ_PAGES:  # warm, as a running server is
            httpx.get(base + page, timeout=60)
        deadline = time.monotonic() + seconds
        posts: list[float] = []
        reads: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()

        def react() -> None:
            with httpx.Client(base_url=base, timeout=30) as client:
                while time.monotonic() < deadline:
                    try:
                        data = solved(open_form(client))
                        start = time.perf_counter()
                        response = client.post("/stem/reactie", data=data)
                        took = time.perf_counter() - start
                        received_id(response.text)
                    except (httpx.HTTPError, AssertionError) as err:
                        with lock:
                            errors.append(type(err).__name__)
                        continue
                    with lock:
                        posts.append(took)
                    time.sleep(think)

        def read() -> None:
            with httpx.Client(base_url=base, timeout=30) as client:
                i = 0
                while time.monotonic() < deadline:
                    start = time.perf_counter()
                    response = client.get(READ_PAGES[i % len(READ_PAGES)])
                    with lock:
                        reads.append(time.perf_counter() - start)
                        if response.status_code != 200:
                            errors.append(f"HTTP {response.status_code}")
                    i += 1
                    time.sleep(read_think)

        threads = [threading.Thread(target=react) for _ in range(20)]
        threads += [threading.Thread(target=read) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        server.terminate()
        server.wait()
        p95 = _p95(posts)
        print(
            f"load run ({seconds:.0f} s, 20 reacting with {think} s pause + 20 reading with "
            f"{read_think} s pause, load average before {os.getloadavg()[0]:.1f}): "
            f"{len(posts)} reactions, {len(reads)} page reads, {len(errors)} errors; "
            f"reaction p50 {statistics.median(posts) * 1000:.0f} ms, p95 {p95:.0f} ms "
            f"({'OK' if p95 < 100 and not errors else 'BOVEN DOEL'}); page read p95 {_p95(reads):.0f} ms"
        )


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000 if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--read-think", type=float, default=0.0)
    parser.add_argument("--reactions", type=int, default=1000)
    parser.add_argument("--skip-fault", action="store_true")
    args = parser.parse_args()
    if not args.skip_fault:
        fault_run(args.reactions)
    load_run(args.seconds, args.think, args.read_think)


if __name__ == "__main__":
    main()
