"""A new build is picked up by every worker of `sociale-staat serve --workers 2` without a restart
and without one failed request; a broken new file leaves the last good build answering."""

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import duckdb
import httpx

CLI = str(Path(sys.executable).parent / "sociale-staat")
VALUE = "/api/values?indicator=inwoners&area=GM0034&period=2022"


def swap_in(source: Path, target: Path, marker: str, inwoners: float) -> None:
    """What `build` does at its end, with other content: the new file is written next to the
    served one and renamed over it in one step."""
    tmp = target.with_name(f".{target.name}.proef.building")
    shutil.copyfile(source, tmp)
    con = duckdb.connect(str(tmp))
    con.execute("UPDATE build SET built_at = ?", [marker])
    con.execute(
        "UPDATE indicator_values SET value = ? WHERE indicator = 'inwoners'"
        " AND region_code = 'GM0034' AND period = 2022",
        [inwoners],
    )
    con.execute("CHECKPOINT")
    con.close()
    os.replace(tmp, target)


def served(client: httpx.Client) -> tuple[str, float]:
    """(build date in the page footer, Almere's inwoners 2022 from the API)."""
    page = client.get("/")
    page.raise_for_status()
    found = re.search(r"Gegevens van ([^<]+?)\.\s*<", page.text) or re.search(
        r"Gegevens van ([^<]+)", page.text
    )
    value = client.get(VALUE)
    value.raise_for_status()
    return (found.group(1).strip() if found else ""), float(value.json()["value"])


class Readers:
    """Readers that keep asking while the build changes; every failure is kept."""

    def __init__(self, base: str, count: int) -> None:
        self.base, self.stop = base, threading.Event()
        self.failures: list[str] = []
        self.requests = 0
        self.threads = [threading.Thread(target=self.read, daemon=True) for _ in range(count)]
        for t in self.threads:
            t.start()

    def read(self) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            while not self.stop.is_set():
                for path in ("/", VALUE, "/indicator/werkloosheid?focus=GM0034"):
                    try:
                        status = client.get(path).status_code
                    except httpx.HTTPError as err:
                        self.failures.append(f"{path}: {type(err).__name__}")
                        continue
                    self.requests += 1
                    if status != 200:
                        self.failures.append(f"{path}: HTTP {status}")

    def finish(self) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(60)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(client: httpx.Client, want: tuple[str, float], times: int, limit: float) -> bool:
    """True once `times` answers in a row (spread over the workers) show `want`."""
    deadline, streak = time.monotonic() + limit, 0
    while time.monotonic() < deadline:
        streak = streak + 1 if served(client) == want else 0
        if streak >= times:
            return True
        time.sleep(0.05)
    return False


def test_workers_pick_up_a_new_build_without_restart_or_failed_request(
    almere_store: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(almere_store, warehouse)
    port = _port()
    env = {**os.environ, "SOCIALE_STAAT_WAREHOUSE": str(warehouse), "SOCIALE_STAAT_HOME": str(tmp_path),
           "SOCIALE_STAAT_APP_DB": f"sqlite:///{tmp_path / 'app.sqlite'}"}  # fmt: skip
    server = subprocess.Popen(
        [CLI, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"], env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(1200):
                try:
                    if client.get("/").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            old = served(client)
            readers = Readers(base, 4)
            time.sleep(1)
            swap_in(almere_store, warehouse, "2099-01-01 proefbuild", 123456.0)
            switched = _wait_for(client, ("2099-01-01 proefbuild", 123456.0), 40, 120)
            # A file that is no warehouse at all: logged, and the last good build answers on.
            broken = warehouse.with_name(".kapot")
            broken.write_bytes(b"geen warehouse" * 1000)
            os.replace(broken, warehouse)
            time.sleep(3)
            still = served(client)
            readers.finish()
    finally:
        server.terminate()
        server.wait(60)
    assert old[1] != 123456.0 and old[0] != "2099-01-01 proefbuild"
    assert switched, "niet alle werkprocessen namen de nieuwe build over"
    assert still == ("2099-01-01 proefbuild", 123456.0)
    assert readers.requests > 50 and readers.failures == [], readers.failures[:10]


def test_a_worker_switches_only_to_a_whole_new_app(tmp_path: Path) -> None:
    """In one process: no change, no load; a new file is opened in the background and then
    switched to; a file that cannot be opened leaves the previous app in place."""
    from sociale_staat.web.reload import Reloading

    path = tmp_path / "warehouse.duckdb"
    path.write_text("eerste", encoding="utf-8")

    def make(p: Path) -> Any:
        content = p.read_text(encoding="utf-8")
        if content == "kapot":
            raise RuntimeError("geen warehouse")

        async def app(scope: Any, receive: Any, send: Any) -> None:
            pass

        app.content = content  # type: ignore[attr-defined]
        return app

    def settle(r: Reloading) -> None:
        for _ in range(200):
            if not r.loading:
                return
            time.sleep(0.01)

    r = Reloading(make, path, interval=0, grace=0)
    assert not r.check() and r.app.content == "eerste"  # type: ignore[attr-defined]
    for content in ("tweede", "kapot"):
        tmp = tmp_path / "nieuw"
        tmp.write_text(content, encoding="utf-8")
        os.replace(tmp, path)
        assert r.check()
        settle(r)
    assert r.app.content == "tweede" and r.generation == 1  # type: ignore[attr-defined]
    assert not r.check()  # the broken file is not tried again until it changes
