"""Load run: `sociale-staat serve --workers 4` on a PostgreSQL app database (a temporary server),
20 readers and 10 writers for 60 s, as fast as each gets its answers (no pauses).

Readers ask, in turn: dashboard pages, values from the API, the sociale kaart search, and the
kennisbank (documents search; the dashboard has no page for it, so it is asked in this process
against the same PostgreSQL the workers write to). Writers are residents posting Stem reactions
through the real form (form token, solved challenge) and two moderators approving and rejecting
through the moderation pages. Reported: p50/p95/p99 per kind of request, the errors (must be 0),
and records written vs found afterwards (must be equal), with the load average during the run.

Usage: python benchmarks/bench_load.py [--seconds 60] [--workers 4] [--readers 20]
                                       [--writers 10] [--moderators 2] [--port 8180]
(needs the warehouse: sociale-staat build; exit code 1 on any error or difference)
"""

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sociale_staat.appdb.database import AppDatabase
from sociale_staat.appdb.tempserver import TemporaryPostgres
from sociale_staat.core import paths
from sociale_staat.kennisbank.store import Kennisbank
from sociale_staat.sociale_kaart import package
from sociale_staat.sociale_kaart.store import ServiceStore
from sociale_staat.stem import moderation
from tests.stem_support import open_form, received_id, solved

CLI = str(Path(sys.executable).parent / "sociale-staat")
HSDS = paths.ROOT / "tests" / "fixtures" / "hsds" / "almere"
PASSWORD = "belasting proef wachtwoord"
PAGES = ["/", "/thema/arbeid?focus=GM0034", "/indicator/werkloosheid?focus=GM0034",
         "/gebied/WK003408", "/gemeente?focus=GM0363"]  # fmt: skip
VALUES = [("inwoners", "GM0034", 2022), ("werkloosheid", "GM0034", 2022),
          ("werkloosheid", "GM0363", 2021), ("inwoners", "NL", 2020), ("inwoners", "GM0855", 2023)]  # fmt: skip
KAART = ["/sociale-kaart?behoefte=schulden", "/sociale-kaart?behoefte=werk&postcode=1315",
         "/sociale-kaart?behoefte=schulden&postcode=1315&dag=zaterdag"]  # fmt: skip
SEARCHES = ["eenzaamheid ouderen", "werkloosheid", '"sociale staat"', "schulden jongeren", "veiligheid wijk"]
SUBJECTS = ["/stem/indicator/werkloosheid?focus=GM0034", "/stem/wijk/WK003408"]


@dataclass
class Tally:
    """What the clients saw: latencies per kind, errors, and what the server confirmed."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    confirmed: set[str] = field(default_factory=set)
    decided: dict[str, str] = field(default_factory=dict)  # reaction id -> status
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, kind: str, started: float) -> None:
        with self.lock:
            self.latencies[kind].append(time.perf_counter() - started)

    def error(self, kind: str, detail: str) -> None:
        with self.lock:
            self.errors.append(f"{kind}: {detail}")


@dataclass
class Outcome:
    tally: Tally
    stored: set[str]
    stored_decided: dict[str, str]
    seconds: float
    load: list[float]

    @property
    def equal(self) -> bool:
        return self.tally.confirmed == self.stored and self.tally.decided == self.stored_decided


def seed(url: str) -> None:
    """What readers look for: the kennisbank corpus, the sociale kaart, one moderator each."""
    db = AppDatabase(url)
    try:
        Kennisbank(db, paths.taxonomy_dir()).add_folder(paths.ROOT / "data" / "corpus")
        ServiceStore(db).import_bundle(package.read(HSDS), str(HSDS))
        for n in range(4):
            moderation.add_moderator(db, f"moderator{n}", PASSWORD)
    finally:
        db.close()


def start(warehouse: Path, url: str, workers: int, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "SOCIALE_STAAT_WAREHOUSE": str(warehouse),
        "SOCIALE_STAAT_APP_DB": url,
        "SOCIALE_STAAT_STEM_LIMIET": "1000000",  # every client comes from 127.0.0.1
        "SOCIALE_STAAT_STEM_REKENWERK": "1000",  # the clients' proof of work is not measured
    }
    server = subprocess.Popen(
        [CLI, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)], env=env
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(1800):
        try:
            # every worker has its site open once the start page answers a few times in a row
            if httpx.get(base + "/static/stem.js", timeout=2).status_code == 200 and all(
                httpx.get(base + "/", timeout=30).status_code == 200 for _ in range(2 * workers)
            ):
                return server
        except httpx.TransportError:
            pass
        if server.poll() is not None:
            raise RuntimeError("de server stopte bij het starten")
        time.sleep(0.1)
    raise RuntimeError("de server kwam niet op")


def reader(base: str, kb: Kennisbank, number: int, tally: Tally, stop: threading.Event) -> None:
    rng = random.Random(number)
    kinds = ["pagina", "api", "sociale kaart", "documenten"]
    with httpx.Client(base_url=base, timeout=60) as client:
        i = number
        while not stop.is_set():
            kind = kinds[i % len(kinds)]
            i += 1
            started = time.perf_counter()
            try:
                if kind == "documenten":
                    if not kb.search(rng.choice(SEARCHES)):
                        tally.error(kind, "geen treffers")
                    tally.timed(kind, started)
                    continue
                if kind == "api":
                    ind, area, period = rng.choice(VALUES)
                    path = f"/api/values?indicator={ind}&area={area}&period={period}"
                else:
                    path = rng.choice(PAGES if kind == "pagina" else KAART)
                response = client.get(path)
                tally.timed(kind, started)
                if response.status_code != 200:
                    tally.error(kind, f"{path}: HTTP {response.status_code}")
            except Exception as err:  # every failure counts, whatever it is
                tally.error(kind, f"{type(err).__name__}: {err}")


def resident(base: str, number: int, tally: Tally, stop: threading.Event) -> None:
    rng = random.Random(1000 + number)
    with httpx.Client(base_url=base, timeout=60) as client:
        while not stop.is_set():
            try:
                started = time.perf_counter()
                form = open_form(client, rng.choice(SUBJECTS))
                tally.timed("reactieformulier", started)
                words = rng.choice(["", "", f"Herken ik, bewoner {number} ({rng.random():.6f})."])
                data = solved(form, antwoord=rng.choice(["ja", "deels", "nee"]), tekst=words)
                started = time.perf_counter()
                response = client.post("/stem/reactie", data=data)
                tally.timed("reactie", started)
                if response.status_code == 200 and "Reactie ontvangen" in response.text:
                    with tally.lock:
                        tally.confirmed.add(received_id(response.text))
                else:
                    tally.error("reactie", f"HTTP {response.status_code}")
            except Exception as err:
                tally.error("reactie", f"{type(err).__name__}: {err}")


def moderator(base: str, number: int, of: int, tally: Tally, stop: threading.Event) -> None:
    """Logs in and decides the waiting texts whose id falls to this moderator (n of `of`)."""
    rng = random.Random(2000 + number)
    with httpx.Client(base_url=base, timeout=60) as client:
        try:
            page = client.get("/moderatie/inloggen").text
            token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            login = client.post("/moderatie/inloggen",
                                data={"csrf": token, "naam": f"moderator{number}", "wachtwoord": PASSWORD})  # fmt: skip
            # The cookie is Secure (https behind the proxy); over plain http it is sent by hand.
            cookie = {"Cookie": f"stem_sessie={login.cookies['stem_sessie']}"}
        except Exception as err:
            tally.error("moderatie", f"inloggen: {type(err).__name__}: {err}")
            return
        while not stop.is_set():
            try:
                started = time.perf_counter()
                queue = client.get("/moderatie", headers=cookie)
                tally.timed("moderatie wachtrij", started)
                if queue.status_code != 200:
                    tally.error("moderatie", f"wachtrij HTTP {queue.status_code}")
                    continue
                csrf = re.search(r'name="csrf" value="([^"]+)"', queue.text).group(1)  # type: ignore[union-attr]
                mine = [i for i in re.findall(r'name="id" value="([0-9a-f]{32})"', queue.text) if int(i, 16) % of == number]
                if not mine:
                    time.sleep(0.05)
                    continue
                rid = rng.choice(mine)
                approve = rng.random() < 0.7
                form = {"csrf": csrf, "id": rid, "besluit": "goedkeuren" if approve else "afwijzen",
                        "reden": "voldoet" if approve else "reclame"}  # fmt: skip
                started = time.perf_counter()
                done = client.post("/moderatie/besluit", data=form, headers=cookie)
                tally.timed("moderatie besluit", started)
                if done.status_code == 303 and done.headers.get("location") == "/moderatie":
                    with tally.lock:
                        tally.decided[rid] = "goedgekeurd" if approve else "afgewezen"
                else:
                    tally.error("moderatie", f"besluit HTTP {done.status_code}")
            except Exception as err:
                tally.error("moderatie", f"{type(err).__name__}: {err}")


def run(warehouse: Path, url: str, *, seconds: float, workers: int, readers: int,
        writers: int, moderators: int, port: int) -> Outcome:  # fmt: skip
    """Seed, start the workers, let the clients run, stop everything, count what is stored."""
    seed(url)
    server = start(warehouse, url, workers, port)
    base = f"http://127.0.0.1:{port}"
    tally, stop, load = Tally(), threading.Event(), []
    kb = Kennisbank(url, paths.taxonomy_dir())  # one connection pool for the in-process readers
    threads = [threading.Thread(target=reader, args=(base, kb, n, tally, stop)) for n in range(readers)]
    threads += [threading.Thread(target=resident, args=(base, n, tally, stop)) for n in range(writers - moderators)]
    threads += [threading.Thread(target=moderator, args=(base, n, moderators, tally, stop)) for n in range(moderators)]
    began = time.perf_counter()
    try:
        for t in threads:
            t.start()
        while time.perf_counter() - began < seconds:
            time.sleep(min(1.0, seconds / 5))
            load.append(os.getloadavg()[0])
        stop.set()
        for t in threads:
            t.join(120)
    finally:
        stop.set()
        server.terminate()
        server.wait(60)
        kb.close()
    took = time.perf_counter() - began
    db = AppDatabase(url)
    try:
        with db.reader() as conn:
            rows = conn.execute(text("SELECT id, status FROM stem_reactions")).all()
    finally:
        db.close()
    stored = {r[0] for r in rows}
    decided = {r[0]: r[1] for r in rows if r[1] in ("goedgekeurd", "afgewezen")}
    return Outcome(tally, stored, decided, took, load)


def report(outcome: Outcome) -> None:
    tally = outcome.tally
    print(f"\n{'soort verzoek':22} {'aantal':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind in sorted(tally.latencies):
        values = sorted(tally.latencies[kind])
        q = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
        print(f"{kind:22} {len(values):7d} {q[49] * 1000:8.1f} {q[94] * 1000:8.1f} {q[98] * 1000:8.1f}")
    total = sum(len(v) for v in tally.latencies.values())
    print(f"\n{total} verzoeken in {outcome.seconds:.0f} s ({total / outcome.seconds:.0f}/s); "
          f"fouten: {len(tally.errors)}")  # fmt: skip
    for line in tally.errors[:10]:
        print("  ", line)
    print(f"reacties bevestigd {len(tally.confirmed)}, gevonden {len(outcome.stored)}; "
          f"besluiten bevestigd {len(tally.decided)}, gevonden {len(outcome.stored_decided)}: "
          + ("gelijk" if outcome.equal else "VERSCHIL"))  # fmt: skip
    if outcome.load:
        print(f"load average (1 min) tijdens de run: gemiddeld {statistics.mean(outcome.load):.1f}, "
              f"hoogst {max(outcome.load):.1f} (2 kernen)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--moderators", type=int, default=2)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    warehouse = paths.default_warehouse()
    if not warehouse.exists():
        sys.exit(f"geen warehouse op {warehouse}: voer eerst 'sociale-staat build' uit")
    port = args.port or _free_port()
    print(f"load vooraf: {os.getloadavg()[0]:.2f}; {args.workers} werkprocessen, {args.readers} lezers, "
          f"{args.writers} schrijvers ({args.moderators} moderatoren), {args.seconds:.0f} s")  # fmt: skip
    with TemporaryPostgres() as server, tempfile.TemporaryDirectory():
        outcome = run(warehouse, server.create_database("belasting"), seconds=args.seconds,
                      workers=args.workers, readers=args.readers, writers=args.writers,
                      moderators=args.moderators, port=port)  # fmt: skip
    report(outcome)
    sys.exit(0 if outcome.equal and not outcome.tally.errors else 1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


if __name__ == "__main__":
    main()
