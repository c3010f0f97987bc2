"""Shared fixtures: the warehouse built once from the bundled (real) snapshot; the app database
on both engines (SQLite in a temp folder, PostgreSQL on a server the tests start themselves)."""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

# The test warehouses precompute only the default group: a build then takes ~1 minute less,
# and pages of other gemeenten compute their benchmark on request (what the tests look at is
# the same; test_precompute checks the stored ones equal fresh ones).
os.environ.setdefault("SOCIALE_STAAT_PRECOMPUTE", "almere-2023")

from sociale_staat.appdb.database import AppDatabase
from sociale_staat.appdb.tempserver import TemporaryPostgres, binaries
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


ENGINES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[TemporaryPostgres]:
    """One PostgreSQL server for the whole test session, in a temporary folder (offline)."""
    if binaries() is None:
        pytest.skip("PostgreSQL is niet geïnstalleerd (make test installeert het)")
    with TemporaryPostgres() as server:
        yield server


@contextmanager
def open_app_db(engine: str, folder: Path, request: pytest.FixtureRequest) -> Iterator[AppDatabase]:
    """A fresh, migrated app database on one engine; dropped afterwards."""
    if engine == "sqlite":
        db = AppDatabase(f"sqlite:///{folder / 'app.sqlite'}")
        try:
            yield db
        finally:
            db.close()
        return
    server: TemporaryPostgres = request.getfixturevalue("postgres_server")
    name = f"test_{uuid.uuid4().hex[:12]}"
    db = AppDatabase(server.create_database(name))
    try:
        yield db
    finally:
        db.close()
        server.drop_database(name)


@pytest.fixture(params=ENGINES)
def app_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AppDatabase]:
    """A fresh, migrated app database for one test, once on SQLite and once on PostgreSQL."""
    with open_app_db(request.param, tmp_path, request) as db:
        yield db


@dataclass(frozen=True)
class SiteHome:
    """A home folder for the dashboard with the demo documents in its app database and
    Almere's report (made from the real data, without the wijk chapter to stay quick) in
    `<home>/rapport`, where `make demo` puts it."""

    home: Path
    app_db: str


@pytest.fixture(scope="session")
def site_home(tmp_path_factory: pytest.TempPathFactory, warehouse: Warehouse) -> SiteHome:
    from sociale_staat.analysis.benchmark import run
    from sociale_staat.analysis.peers import resolve
    from sociale_staat.kennisbank.store import Kennisbank
    from sociale_staat.report import document as reporting
    from sociale_staat.report import writing

    home = tmp_path_factory.mktemp("home")
    url = f"sqlite:///{home / 'app.sqlite'}"
    kb = Kennisbank(url, paths.taxonomy_dir())
    kb.add_folder(paths.demo_corpus())
    bench = run(warehouse, resolve(warehouse, paths.peer_groups_dir(), "almere-2023", "GM0034"))
    writing.write(reporting.assemble(warehouse, bench, None, kb), home / "rapport")
    kb.close()
    return SiteHome(home, url)


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Environment variables set for a module's app (read when its parts are first used)."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


ALMERE_KAART = Path(__file__).parent / "fixtures" / "hsds" / "almere"


def kaart_app_db(folder: Path) -> str:
    """The URL of a new app database in `folder` with the fictitious Almere sociale kaart
    (tests/fixtures/hsds/almere) imported, for a module's dashboard."""
    from sociale_staat.sociale_kaart import package
    from sociale_staat.sociale_kaart.store import ServiceStore

    url = f"sqlite:///{folder / 'app.sqlite'}"
    db = AppDatabase(url)
    ServiceStore(db).import_bundle(package.read(ALMERE_KAART), "almere")
    db.close()
    return url
