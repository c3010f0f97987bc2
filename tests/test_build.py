"""The build: atomic (a failed build keeps the old warehouse), idempotent, from snapshots only."""

from pathlib import Path

import duckdb
import pytest

from sociale_staat.core.errors import InputError
from sociale_staat.declarations.catalogue import Catalogue
from sociale_staat.warehouse.build import build


def content(path: Path) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "SELECT * FROM indicator_values ORDER BY indicator, region_code, period"
        ).fetchall()
    finally:
        con.close()


def test_failed_build_leaves_previous_warehouse(tmp_path: Path, bundled, catalogue) -> None:
    target = tmp_path / "w.duckdb"
    small = Catalogue([catalogue.get("werkloosheid"), catalogue.get("inwoners")])
    build(bundled, small, target)
    before = content(target)
    broken = catalogue.get("werkloosheid").model_copy(deep=True)
    broken.sources[0].table = "bestaat_niet"
    with pytest.raises(InputError, match="onbekende tabel"):
        build(bundled, Catalogue([broken]), target)
    assert content(target) == before
    assert [p.name for p in tmp_path.iterdir()] == ["w.duckdb"]  # no temporary left behind


def test_failure_while_loading_keeps_previous(tmp_path: Path, bundled, catalogue) -> None:
    target = tmp_path / "w.duckdb"
    small = Catalogue([catalogue.get("werkloosheid")])
    build(bundled, small, target)
    before = content(target)
    snap = bundled["86088NED"]
    corrupt = tmp_path / "86088NED.parquet"
    corrupt.write_bytes(snap.parquet.read_bytes()[:-100])
    damaged = {**bundled, "86088NED": type(snap)(snap.spec, snap.manifest, corrupt)}
    with pytest.raises(InputError, match="controlegetal"):
        build(damaged, small, target)
    assert content(target) == before


def test_a_full_disk_is_a_clear_error_and_stale_builds_are_removed(
    tmp_path: Path, bundled, catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sociale_staat.core.errors import SocialeStaatError
    from sociale_staat.warehouse import build as building

    target = tmp_path / "w.duckdb"
    small = Catalogue([catalogue.get("werkloosheid")])
    build(bundled, small, target)
    before = content(target)
    # What a build killed with kill -9 leaves behind (a process id that no longer runs).
    (tmp_path / ".w.duckdb.999999999.building").write_bytes(b"half")
    (tmp_path / ".w.duckdb.999999999.building.wal").write_bytes(b"half")

    def no_space(*_args: object) -> None:
        raise duckdb.IOException('Could not write file ".w.duckdb.building": No space left')

    monkeypatch.setattr(building, "_fill", no_space)
    with pytest.raises(
        SocialeStaatError, match=r"w\.duckdb: bouwen mislukt .*schijf vol.*ongewijzigd"
    ):
        build(bundled, small, target)
    assert content(target) == before
    assert [p.name for p in tmp_path.iterdir()] == ["w.duckdb"]


def test_build_is_idempotent(tmp_path: Path, bundled, catalogue, almere_store: Path) -> None:
    again = tmp_path / "again.duckdb"
    build(bundled, catalogue, again)
    assert content(again) == content(almere_store)


def test_observations_keep_status_and_margins(almere_store: Path) -> None:
    con = duckdb.connect(str(almere_store), read_only=True)
    statuses = {r[0] for r in con.execute("SELECT DISTINCT status FROM observations").fetchall()}
    assert statuses <= {"definitief", "voorlopig", "leeg", "geheim"}
    assert "geheim" in statuses  # KWB 2024 publishes '.' for some buurten
    # Veiligheidsmonitor 2012-2019 gives a ± margin: bounds are value ∓ margin.
    row = con.execute(
        "SELECT value, lower, upper FROM observations WHERE table_id = '81877NED'"
        " AND measure = 'VoeltZichWelEensOnveilig_1' AND region_code = 'NL' AND period = 2012"
    ).fetchone()
    assert row is not None and row[0] == 36.6 and row[1] < 36.6 < row[2]
