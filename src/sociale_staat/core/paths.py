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


def kennisbank_url() -> str:
    """Where the kennisbank lives: in the app database, unless SOCIALE_STAAT_KENNISBANK names a
    SQLite file of its own."""
    own = settings.get_path("kennisbank", ROOT)
    return f"sqlite:///{own}" if own else app_db_url()


def app_db_url() -> str:
    """The app database's URL: SOCIALE_STAAT_APP_DB, else SQLite in the home folder."""
    return settings.get("app_db") or f"sqlite:///{home() / 'app.sqlite'}"


def stadsdelen_dir() -> Path:
    return ROOT / "stadsdelen"


def wijkprofiel_file() -> Path:
    return ROOT / "wijkprofiel.yml"


def report_output() -> Path:
    """Where `make demo` writes the report (`report --out var/rapport`) and where the dashboard
    offers each gemeente's latest report for download."""
    return home() / "rapport"


def report_dir() -> Path:
    """Analysts' declarations for the report: cover and written text per chapter."""
    return ROOT / "rapportteksten"


def geo_dir() -> Path:
    return ROOT / "data" / "geo"


def programmes_dir() -> Path:
    return ROOT / "programmas"
