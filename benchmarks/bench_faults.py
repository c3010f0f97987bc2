"""Fault campaign with figures: kill -9 during `docs add` (SQLite and PostgreSQL) and during
`build`; a full disk during `build` and `report` (a small tmpfs, when this machine lets us
mount one); 20 concurrent writers while `docs add` runs, on both engines.

For each kind it prints the faults injected, the records confirmed before the fault and the
records found whole afterwards (they must be equal), and the errors a user would have seen.

Usage: python benchmarks/bench_faults.py [--rounds 5] [--build-rounds 3] [--skip-build]
       [--skip-report]   (the full-disk part needs root to mount a tmpfs)
"""

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import text

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.appdb.tempserver import TemporaryPostgres
from sociale_staat.core import paths
from sociale_staat.kennisbank.store import Kennisbank
from sociale_staat.warehouse.queries import Warehouse

CLI = str(Path(sys.executable).parent / "sociale-staat")
problems: list[str] = []


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--build-rounds", type=int, default=3)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--skip-report", action="store_true")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress as it runs
    random.seed(18)
    with TemporaryPostgres(durable=True) as server, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = _corpus(folder / "corpus", copies=4)
        expected: dict[str, int] = {}
        duration = 0.0
        for engine in ("sqlite", "postgresql"):
            # A clean run first: the passages each document must have, and how long it takes.
            reference = (
                f"sqlite:///{folder / 'ref.sqlite'}"
                if engine == "sqlite"
                else server.create_database("ref")
            )
            duration = _run([CLI, "docs", "add", str(corpus)], {"SOCIALE_STAAT_APP_DB": reference})
            expected, _ok = _state(reference)
            print(f"docs add ({engine}) van {len(expected)} documenten: {duration:.0f} s zonder fouten")
            url = (
                f"sqlite:///{folder / 'kill.sqlite'}"
                if engine == "sqlite"
                else server.create_database("kill")
            )
            kill_docs_add(engine, url, corpus, expected, args.rounds, duration)
        kill_postgres_server(server, corpus, expected, duration)
        for engine in ("sqlite", "postgresql"):
            url = (
                f"sqlite:///{folder / 'writers.sqlite'}"
                if engine == "sqlite"
                else server.create_database("writers")
            )
            concurrent_writers(engine, url, corpus)
        if not args.skip_build:
            warehouse = folder / "warehouse.duckdb"
            built = _run([CLI, "build"], {"SOCIALE_STAAT_WAREHOUSE": str(warehouse)})
            print(f"build duurt {built:.0f} s zonder fouten")
            kill_build(warehouse, built, args.build_rounds)
            disk_full(folder, warehouse, report=not args.skip_report)
    print("\nuitkomst:", "geen problemen" if not problems else f"{len(problems)} problemen")
    for problem in problems:
        print("  -", problem)
    sys.exit(1 if problems else 0)


def _corpus(folder: Path, copies: int) -> Path:
    """Copies of the real demo documents, each made unique, so every add does real work."""
    folder.mkdir()
    for n in range(copies):
        for source in sorted(paths.demo_corpus().glob("*.txt")):
            text_ = source.read_text(encoding="utf-8") + f"\n\nKopie {n}.\n"
            (folder / f"{n:02d}_{source.name}").write_text(text_, encoding="utf-8")
    return folder


def _state(url: str) -> tuple[dict[str, int], bool]:
    """Passages per document present, and whether nothing is orphaned or unindexed."""
    db = AppDatabase(url)
    try:
        kb = Kennisbank(db, paths.taxonomy_dir())
        sound = kb.consistency()
        ok = sound.orphan_passages == 0 and sound.orphan_claims == 0 and sound.index_ok
        return {d["file_name"]: int(d["passages"]) for d in kb.documents()}, ok
    finally:
        db.close()


def kill_docs_add(
    engine: str, url: str, corpus: Path, expected: dict[str, int], rounds: int, duration: float
) -> None:
    """kill -9 the `docs add` process at a random moment; every document present is whole."""
    env = {"SOCIALE_STAAT_APP_DB": url}
    faults = confirmed = whole = 0
    for _ in range(rounds):
        before, _ok = _state(url)
        process = subprocess.Popen(
            [CLI, "docs", "add", str(corpus)],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(random.uniform(0.1, 0.9) * duration)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            faults += 1
        process.wait()
        after, ok = _state(url)
        confirmed += len(after)
        whole += sum(1 for name, n in after.items() if expected.get(name) == n)
        if not ok or set(before) - set(after):
            problems.append(f"docs add {engine}: na kill -9 ontbreekt iets of is iets half")
    _run([CLI, "docs", "add", str(corpus)], env)  # after restart the rest goes in
    final, ok = _state(url)
    if final != expected or not ok:
        problems.append(f"docs add {engine}: na herstart niet alle documenten heel")
    _report(f"kill -9 docs add ({engine})", faults, confirmed, whole)


def kill_postgres_server(
    server: TemporaryPostgres, corpus: Path, expected: dict[str, int], duration: float
) -> None:
    """kill -9 the PostgreSQL server itself during `docs add`; committed documents survive."""
    url = server.create_database("serverkill")
    process = subprocess.Popen(
        [CLI, "docs", "add", str(corpus)],
        env={**os.environ, "SOCIALE_STAAT_APP_DB": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(0.5 * duration)
    server.kill()
    _, stderr = process.communicate()
    server.restart()
    after, ok = _state(url)
    whole = sum(1 for name, n in after.items() if expected.get(name) == n)
    if not ok or whole != len(after):
        problems.append("PostgreSQL kill -9: documenten half na herstart")
    clear = "Traceback" not in stderr.decode(errors="replace")
    _report("kill -9 PostgreSQL-server tijdens docs add", 1, len(after), whole)
    print(f"    melding aan de gebruiker zonder stacktrace: {'ja' if clear else 'nee'}")


def concurrent_writers(engine: str, url: str, corpus: Path, writers: int = 20) -> None:
    """20 clients each write 50 records (read, then write) while `docs add` runs."""
    AppDatabase(url).close()
    failures: list[str] = []
    latencies: list[float] = []

    def writer(number: int) -> None:
        db = AppDatabase(url, migrate=False)
        try:
            for n in range(50):
                start = time.perf_counter()
                with db.transaction() as conn:
                    seen = conn.execute(text("SELECT count(*) FROM counters")).scalar_one()
                    conn.execute(
                        text("INSERT INTO counters (scope, key, window_start, hits)"
                             " VALUES ('fout', :k, :n, :s)"),
                        {"k": f"w{number}", "n": str(n), "s": seen},
                    )
                latencies.append(time.perf_counter() - start)
        except Exception as err:  # counted: this is what a user would have seen
            failures.append(str(err)[:120])
        finally:
            db.close()

    adder = subprocess.Popen(
        [CLI, "docs", "add", str(corpus)],
        env={**os.environ, "SOCIALE_STAAT_APP_DB": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    _, stderr = adder.communicate()
    db = AppDatabase(url, migrate=False)
    with db.reader() as conn:
        found = conn.execute(text("SELECT count(*) FROM counters WHERE scope = 'fout'")).scalar()
    db.close()
    locked = sum("locked" in f for f in failures) + stderr.count(b"locked")
    latencies.sort()
    p95 = latencies[int(0.95 * len(latencies)) - 1] * 1000 if latencies else 0.0
    if failures or adder.returncode != 0 or found != len(latencies):
        problems.append(f"schrijvers {engine}: {failures[:2]} docs add rc={adder.returncode}")
    print(
        f"{writers} schrijvers + docs add ({engine}): {len(latencies)} bevestigd, {found} "
        f"gevonden, {len(failures)} fouten ({locked} 'database is locked'), p95 {p95:.0f} ms"
    )


def kill_build(warehouse: Path, built: float, rounds: int) -> None:
    """kill -9 `build` at a random moment; the previous warehouse answers afterwards."""
    env = {"SOCIALE_STAAT_WAREHOUSE": str(warehouse)}
    answered = 0
    for _ in range(rounds):
        process = subprocess.Popen([CLI, "build"], env={**os.environ, **env},
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(random.uniform(0.1, 0.9) * built)
        process.send_signal(signal.SIGKILL)
        process.wait()
        answered += _answers(warehouse)
    if answered != rounds:
        problems.append("build: na kill -9 antwoordt het warehouse niet")
    leftovers = list(warehouse.parent.glob(f".{warehouse.name}.*.building"))
    _report("kill -9 build", rounds, rounds, answered, "warehouses die antwoorden")
    print(f"    achtergebleven halve bouwbestanden: {len(leftovers)} (de volgende build ruimt ze op)")


def _answers(warehouse: Path) -> int:
    try:
        w = Warehouse(warehouse)
        ok = w.status_brief() is not None
        w.con.close()
        return int(ok)
    except Exception:
        return 0


def disk_full(folder: Path, warehouse: Path, *, report: bool) -> None:
    """Small tmpfs file systems: the new build or report cannot fit beside the previous one."""
    volume = _tmpfs(folder / "vol", warehouse.stat().st_size * 3 // 2)
    if volume is None:
        print("schijf vol: overgeslagen (geen rechten om een tmpfs te koppelen; draai als root)")
        return
    try:
        shutil.copy2(warehouse, volume / warehouse.name)
        env = {**os.environ, "SOCIALE_STAAT_WAREHOUSE": str(volume / warehouse.name)}
        result = subprocess.run([CLI, "build"], env=env, capture_output=True, text=True, check=False)
        _disk_full_outcome("build", result, _answers(volume / warehouse.name) == 1)
        if report:
            _disk_full_report(folder, env)
    finally:
        subprocess.run(["umount", str(volume)], check=False)


def _disk_full_report(folder: Path, env: dict[str, str]) -> None:
    volume = _tmpfs(folder / "rapportvol", 64 * 1024 * 1024)
    assert volume is not None
    try:
        previous = volume / "rapport"
        first = subprocess.run([CLI, "report", "--out", str(previous)], env=env,
                               capture_output=True, text=True, check=False)
        if first.returncode != 0:
            problems.append(f"rapport: eerste rapport mislukte: {first.stderr.strip()[-200:]}")
            return
        before = {p.name: p.stat().st_size for p in previous.iterdir()}
        # Leave a quarter megabyte: far less than a report needs.
        free = shutil.disk_usage(volume).free
        (volume / "vulling").write_bytes(b"\0" * max(0, free - 256 * 1024))
        result = subprocess.run([CLI, "report", "--out", str(previous)], env=env,
                                capture_output=True, text=True, check=False)
        after = {p.name: p.stat().st_size for p in previous.iterdir() if not p.name.startswith(".")}
        _disk_full_outcome("report", result, before == after)
    finally:
        subprocess.run(["umount", str(volume)], check=False)


def _tmpfs(mount: Path, size: int) -> Path | None:
    mount.mkdir()
    command = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)]
    if subprocess.run(command, capture_output=True, check=False).returncode != 0:
        return None
    return mount


def _disk_full_outcome(kind: str, result: subprocess.CompletedProcess[str], intact: bool) -> None:
    clear = result.returncode != 0 and "Traceback" not in result.stderr
    message = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
    print(f"schijf vol tijdens {kind}: exit {result.returncode}, vorige uitvoer intact: "
          f"{'ja' if intact else 'nee'}, duidelijke melding: {'ja' if clear else 'nee'}")
    print(f"    melding: {message[:160]}")
    if not (intact and clear):
        problems.append(f"schijf vol tijdens {kind}: intact={intact} duidelijk={clear}")


def _run(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env={**os.environ, **env}, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _report(
    kind: str, faults: int, confirmed: int, whole: int, noun: str = "documenten heel"
) -> None:
    print(f"{kind}: {faults} fouten ingebracht; na de fouten (opgeteld) {confirmed} aanwezig, "
          f"{whole} {noun}")
    if confirmed != whole:
        problems.append(f"{kind}: {confirmed - whole} documenten half")


if __name__ == "__main__":
    main()
