"""Benchmarks precomputed at build time are exactly what computing them on request gives."""

from pathlib import Path

import duckdb
import pytest

from sociale_staat.analysis.benchmark import run
from sociale_staat.analysis.peers import resolve
from sociale_staat.core import paths
from sociale_staat.core.errors import InputError
from sociale_staat.warehouse import precompute
from sociale_staat.warehouse.queries import Warehouse


@pytest.mark.parametrize("focus", ["GM0034", "GM0363", "GM0014"])
def test_stored_benchmark_equals_a_fresh_one(
    almere_store: Path, warehouse: Warehouse, focus: str
) -> None:
    con = duckdb.connect(str(almere_store), read_only=True)
    try:
        stored = precompute.payloads(con)
    finally:
        con.close()
    indicators = {i.id: i for i in warehouse.indicators()}
    area = warehouse.area(focus)
    found = precompute.load(stored, area, "almere-2023", indicators, warehouse.sources())
    assert found is not None and found.benchmark is not None
    fresh = run(warehouse, resolve(warehouse, paths.peer_groups_dir(), "almere-2023", focus))
    assert found.benchmark.group.as_dict() == fresh.group.as_dict()
    assert [i.as_dict() for i in found.benchmark.items] == [i.as_dict() for i in fresh.items]
    assert len({f for f, _ in stored}) >= 340  # every current gemeente


def test_precompute_setting_names_declared_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = paths.peer_groups_dir()
    monkeypatch.setenv("SOCIALE_STAAT_PRECOMPUTE", "")  # the groups pages use unasked
    assert precompute.chosen_groups(folder) == ["almere-2023", "structuur-vergelijkbaar"]
    monkeypatch.setenv("SOCIALE_STAAT_PRECOMPUTE", "*")
    assert precompute.chosen_groups(folder) == sorted(precompute.group_names(folder))
    monkeypatch.setenv("SOCIALE_STAAT_PRECOMPUTE", "almere-2023, provincie-flevoland")
    assert precompute.chosen_groups(folder) == ["almere-2023", "provincie-flevoland"]
    monkeypatch.setenv("SOCIALE_STAAT_PRECOMPUTE", "../geheim")
    with pytest.raises(InputError):
        precompute.chosen_groups(folder)


def test_stored_benchmark_names_indicators_and_sources(
    almere_store: Path, warehouse: Warehouse
) -> None:
    """A payload carries no copies of indicators or sources: it names them, the loader gives
    the server's own objects, and a name the warehouse lacks means 'not stored' (computed)."""
    con = duckdb.connect(str(almere_store), read_only=True)
    try:
        stored = precompute.payloads(con)
    finally:
        con.close()
    indicators = {i.id: i for i in warehouse.indicators()}
    sources = warehouse.sources()
    area = warehouse.area("GM0034")
    found = precompute.load(stored, area, "almere-2023", indicators, sources)
    assert found is not None and found.benchmark is not None
    assert all(item.indicator is indicators[item.id] for item in found.benchmark.items)
    first = found.benchmark.items[0].id
    fewer = {k: v for k, v in indicators.items() if k != first}
    assert precompute.load(stored, area, "almere-2023", fewer, sources) is None
