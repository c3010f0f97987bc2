"""Shared fixtures: the warehouse built once from the bundled (real) snapshot."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.core import paths
from sociale_staat.declarations.catalogue import Catalogue
from sociale_staat.ingest.snapshot import Snapshot, read_snapshots
from sociale_staat.warehouse.build import build
from sociale_staat.warehouse.queries import Warehouse

SHARED = paths.shared_data()
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data niet aanwezig")


@pytest.fixture(scope="session")
def bundled() -> dict[str, Snapshot]:
    return read_snapshots(paths.bundled_snapshots())


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return Catalogue.load(paths.indicators_dir())


@pytest.fixture(scope="session")
def almere_store(tmp_path_factory: pytest.TempPathFactory, bundled, catalogue) -> Path:
    """The full warehouse from the bundled snapshot (every gemeente, Almere's wijken)."""
    target = tmp_path_factory.mktemp("store") / "warehouse.duckdb"
    build(bundled, catalogue, target, peer_groups=paths.peer_groups_dir())
    return target


@pytest.fixture(scope="session")
def warehouse(almere_store: Path) -> Warehouse:
    return Warehouse(almere_store)


@pytest.fixture
def app_db(tmp_path: Path) -> Iterator[AppDatabase]:
    """A fresh, migrated app database (SQLite in a temp folder) for one test."""
    db = AppDatabase(f"sqlite:///{tmp_path / 'app.sqlite'}")
    yield db
    db.close()
