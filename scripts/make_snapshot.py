"""Remake the bundled snapshot (data/snapshot/) from the raw files in ../shared/data.

Usage: python scripts/make_snapshot.py [--data PATH]
"""

import argparse
import sys
from pathlib import Path

from sociale_staat.core import paths
from sociale_staat.core.errors import SocialeStaatError
from sociale_staat.declarations.sources import load_sources
from sociale_staat.ingest.importing import make_snapshots


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=paths.shared_data())
    args = parser.parse_args()
    try:
        written = make_snapshots(
            load_sources(paths.bundled_sources()), args.data, paths.bundled_snapshots(), print
        )
    except SocialeStaatError as err:
        print(f"fout: {err}", file=sys.stderr)
        return 1
    print(f"{len(written)} snapshots in {paths.bundled_snapshots()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
