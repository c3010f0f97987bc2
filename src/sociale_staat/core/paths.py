"""Where the project's declarations, bundled snapshot and the user's own state live."""

import os
from pathlib import Path

from sociale_staat.core import settings

# src/sociale_staat/core/paths.py -> the repository root (the package is installed editable).
ROOT = Path(os.environ.get("SOCIALE_STAAT_ROOT", Path(__file__).resolve().parents[3]))


def home() -> Path:
    """The user's state: warehouse, imported snapshots, fetch cache (SOCIALE_STAAT_HOME)."""
    return settings.get_path("home", ROOT) or ROOT / "var"


def bundled_snapshots() -> Path:
    return ROOT / "data" / "snapshot"


def bundled_sources() -> Path:
    return ROOT / "sources"


def indicators_dir() -> Path:
    return ROOT / "indicators"


def user_snapshots() -> Path:
    return home() / "snapshots"


def default_warehouse() -> Path:
    return settings.get_path("warehouse", ROOT) or home() / "warehouse.duckdb"


def shared_data() -> Path:
    """The raw CBS/RIVM files the bundled snapshot is made from (only needed to remake it)."""
    return settings.get_path("shared_data", ROOT) or ROOT.parent / "shared" / "data"


def peer_groups_dir() -> Path:
    return ROOT / "peer_groups"


def taxonomy_dir() -> Path:
    return ROOT / "taxonomy"


def demo_corpus() -> Path:
    return ROOT / "data" / "corpus"


def default_kennisbank() -> Path:
    return settings.get_path("kennisbank", ROOT) or home() / "kennisbank.sqlite"


def app_db_url() -> str:
    """The app database's URL: SOCIALE_STAAT_APP_DB, else SQLite in the home folder."""
    return settings.get("app_db") or f"sqlite:///{home() / 'app.sqlite'}"


def stadsdelen_dir() -> Path:
    return ROOT / "stadsdelen"


def wijkprofiel_file() -> Path:
    return ROOT / "wijkprofiel.yml"


def geo_dir() -> Path:
    return ROOT / "data" / "geo"


def programmes_dir() -> Path:
    return ROOT / "programmas"
