"""Load test of a running dashboard on 127.0.0.1 with wrk (Debian's `wrk`): 20 concurrent
connections from one load thread (the other core serves), bounded in time.
Targets: p95 < 50 ms for an indicator page, < 20 ms for an API value query, no errors.

Usage: python benchmarks/bench_web.py [--seconds 10]
(starts `sociale-staat serve` on a free port of 127.0.0.1 itself, warms it, and stops it)
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

TARGETS = {
    "indicator page": ("/indicator/werkloosheid?focus=GM0034&groep=almere-2023", 50.0),
    "API value": ("/api/values?indicator=werkloosheid&area=GM0034&period=2021", 20.0),
}
SCRIPT = Path(__file__).with_name("p95.lua")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk ontbreekt: apt-get install wrk (make bench doet dat)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cli = str(Path(sys.executable).parent / "sociale-staat")
    server = subprocess.Popen(
        [cli, "serve", "--host", "127.0.0.1", "--port", str(port)], env=os.environ
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/api/indicators", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        for path, _ in TARGETS.values():  # warm the caches once, as a running server has them
            httpx.get(base + path, timeout=60)
        for name, (path, target) in TARGETS.items():
            out = (
                subprocess.run(
                    [wrk, "-t1", "-c20", f"-d{args.seconds}s", "-s", str(SCRIPT), base + path],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            print(f"{name:15} {out}  (20 connections; target p95 < {target:.0f} ms)")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
