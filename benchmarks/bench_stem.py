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
import multiprocessing
import os
import random
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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

READ_PAGES = [
    INDICATOR_PAGE,
    "/indicator/werkloosheid?focus=GM0034",
    "/stem/wijk/WK003408",
    "/gebied/WK003408",
]


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
        # Warm, as a running server is: its pages and one reaction (templates, the day's salt).
        with httpx.Client(base_url=base, timeout=60) as client:
            for page in READ_PAGES:
                client.get(page)
            received_id(client.post("/stem/reactie", data=solved(open_form(client))).text)
        start = time.time() + 1  # time to make the clients before the clock starts
        deadline = start + seconds
        # The readers run in their own process: sharing one interpreter lock with the residents
        # would time the load generator's own waits as the server's.
        results: multiprocessing.Queue[tuple[list[float], list[str]]] = multiprocessing.Queue()
        readers = multiprocessing.get_context("fork").Process(
            target=_readers, args=(base, start, deadline, read_think, results)
        )
        readers.start()
        posts, errors = _clients(base, start, deadline, think, _react)
        reads, read_errors = results.get(timeout=120)
        readers.join()
        errors += read_errors
        if not reads or len(posts) < 10 * seconds:  # a client that died is a failed run
            raise SystemExit(f"te weinig metingen: {len(posts)} reacties, {len(reads)} pagina's")
        server.terminate()
        server.wait()
        p95 = _p95(posts)
        print(
            f"load run ({seconds:.0f} s, 20 reacting with {think} s pause + 20 reading with "
            f"{read_think} s pause, load average before {os.getloadavg()[0]:.1f}): "
            f"{len(posts)} reactions, {len(reads)} page reads, {len(errors)} errors; "
            f"reaction p50 {statistics.median(posts) * 1000:.0f} ms, p95 {p95:.0f} ms "
            f"({'OK' if p95 < 100 and not errors else 'BOVEN DOEL'}), p99 {_p95(posts, 99):.0f} ms, "
            f"max {max(posts) * 1000:.0f} ms; page read p95 {_p95(reads):.0f} ms"
        )


Step = Callable[[httpx.Client], tuple[float, str | None]]  # seconds timed, and an error if any


def _clients(
    base: str, start: float, deadline: float, think: float, step: Step
) -> tuple[list[float], list[str]]:
    """20 clients, each in its own thread, doing `step` from `start` until `deadline`. They are
    made before the clock starts (making 40 at once is the load generator's own work) and do
    not arrive in step, as people do not: a random start and a pause of 0.5-1.5 x think."""
    timed: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def run(client: httpx.Client) -> None:
        time.sleep(max(0.0, start - time.time()) + random.uniform(0, think))
        with client:
            while time.time() < deadline:
                try:
                    took, error = step(client)
                except (httpx.HTTPError, AssertionError) as err:
                    with lock:
                        errors.append(type(err).__name__)
                    continue
                with lock:
                    timed.append(took)
                    errors.extend([error] if error else [])
                time.sleep(think * random.uniform(0.5, 1.5))

    clients = [httpx.Client(base_url=base, timeout=30) for _ in range(20)]
    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return timed, errors


def _react(client: httpx.Client) -> tuple[float, str | None]:
    """One resident's reaction; only the POST is timed (the proof of work is the browser's)."""
    data = solved(open_form(client))
    begin = time.perf_counter()
    response = client.post("/stem/reactie", data=data)
    took = time.perf_counter() - begin
    received_id(response.text)
    return took, None


def _read(client: httpx.Client) -> tuple[float, str | None]:
    begin = time.perf_counter()
    response = client.get(random.choice(READ_PAGES))
    took = time.perf_counter() - begin
    return took, None if response.status_code == 200 else f"HTTP {response.status_code}"


def _readers(
    base: str, start: float, deadline: float, think: float, results: "multiprocessing.Queue[Any]"
) -> None:
    """The 20 readers (in their own process); sends (durations, errors) back."""
    results.put(_clients(base, start, deadline, think, _read))


def _p95(values: list[float], percent: int = 95) -> float:
    """The percentile in milliseconds (nearest rank)."""
    ordered = sorted(values)
    return (
        ordered[max(0, int(len(ordered) * percent / 100) - 1)] * 1000 if ordered else float("nan")
    )


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
