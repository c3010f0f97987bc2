"""Time the foundation's targets: full build < 20 s, a `value` query < 1 s wall (with start-up).

Usage: python benchmarks/bench_foundation.py [--runs N]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "SOCIALE_STAAT_HOME": home}
        cli = str(BIN / "sociale-staat")
        builds = [timed([cli, "build"], env) for _ in range(runs)]
        values = [
            timed(
                [
                    cli,
                    "value",
                    "werkloosheid",
                    "--area",
                    "Almere",
                    "--period",
                    "2021",
                    "--since",
                    "2013",
                    "--json",
                ],
                env,
            )
            for _ in range(runs * 3)
        ]
    for name, times, target in (("build", builds, 20.0), ("value", values, 1.0)):
        print(
            f"{name:6} median {statistics.median(times):6.2f} s  max {max(times):6.2f} s  "
            f"(target < {target:.0f} s, {len(times)} runs)"
        )


if __name__ == "__main__":
    main()
