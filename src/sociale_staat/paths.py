"""Where the project's declarations, bundled snapshot and the user's own state live."""

import os
from pathlib import Path

# src/sociale_staat/paths.py -> the repository root (the package is installed editable).
ROOT = Path(os.environ.get("SOCIALE_STAAT_ROOT", Path(__file__).resolve().parents[2]))


def home() -> Path:
    """The user's state: warehouse, imported snapshots, fetch cache (SOCIALE_STAAT_HOME)."""
    return Path(os.environ.get("SOCIALE_STAAT_HOME", ROOT / "var"))


def bundled_snapshots() -> Path:
    return ROOT / "data" / "snapshot"


def bundled_sources() -> Path:
    return ROOT / "sources"


def indicators_dir() -> Path:
    return ROOT / "indicators"


def user_snapshots() -> Path:
    return home() / "snapshots"


def default_warehouse() -> Path:
    return Path(os.environ.get("SOCIALE_STAAT_WAREHOUSE", home() / "warehouse.duckdb"))


def shared_data() -> Path:
    """The raw CBS/RIVM files the bundled snapshot is made from (only needed to remake it)."""
    return Path(os.environ.get("SOCIALE_STAAT_SHARED_DATA", ROOT.parent / "shared" / "data"))


def peer_groups_dir() -> Path:
    return ROOT / "peer_groups"


def taxonomy_dir() -> Path:
    return ROOT / "taxonomy"


def demo_corpus() -> Path:
    return ROOT / "data" / "corpus"


def default_kennisbank() -> Path:
    return Path(os.environ.get("SOCIALE_STAAT_KENNISBANK", home() / "kennisbank.sqlite"))


def stadsdelen_dir() -> Path:
    return ROOT / "stadsdelen"


def wijkprofiel_file() -> Path:
    return ROOT / "wijkprofiel.yml"


def geo_dir() -> Path:
    return ROOT / "data" / "geo"
