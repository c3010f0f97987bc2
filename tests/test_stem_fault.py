"""Writes are never lost: the server is killed (SIGKILL) in the middle of a burst of reactions
from 20 clients; after a restart every reaction that got its "ontvangen" page is there.
(Small and quick here; benchmarks/bench_stem.py runs the full 1.000-reaction version.)"""

import os
import signal
import threading
import time
from pathlib import Path

from sociale_staat.appdb.database import AppDatabase
from tests.stem_support import INDICATOR_PAGE, run_residents, start_server, stored_ids

CLIENTS, PER_CLIENT, KILL_AFTER = 20, 10, 80


def test_kill_9_during_a_burst_loses_no_confirmed_reaction(
    almere_store: Path, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    env = {
        **os.environ,
        "SOCIALE_STAAT_APP_DB": url,
        "SOCIALE_STAAT_WAREHOUSE": str(almere_store),
        "SOCIALE_STAAT_STEM_LIMIET": "100000",  # every client comes from 127.0.0.1
        "SOCIALE_STAAT_STEM_REKENWERK": "1000",
    }
    server, base = start_server(env)
    stop = threading.Event()
    try:
        burst, threads = run_residents(base, CLIENTS, PER_CLIENT, stop)
        deadline = time.monotonic() + 300
        while len(burst.confirmed) < KILL_AFTER and time.monotonic() < deadline:
            time.sleep(0.005)
        os.kill(server.pid, signal.SIGKILL)  # mid-burst: requests are in flight
        server.wait()
        stop.set()
        for t in threads:
            t.join(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    confirmed = set(burst.confirmed)
    assert len(confirmed) >= KILL_AFTER and len(confirmed) < CLIENTS * PER_CLIENT
    assert burst.errors, "the kill should have cut some requests off"
    server, base = start_server(env)  # restart on the same database
    try:
        db = AppDatabase(url)
        stored = stored_ids(db)
        db.close()
        assert confirmed <= stored  # every confirmed reaction survived the crash
        import httpx

        page = httpx.get(base + INDICATOR_PAGE, timeout=30).text
        assert f"({len(stored)} reacties)" in page  # and the restarted server counts them
    finally:
        server.kill()
        server.wait()
