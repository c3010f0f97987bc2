"""Benchmarks precomputed at build time: every gemeente × every declared peer group, so that
the dashboard and API only look a benchmark up and a request never computes one.

The results go into the warehouse table `benchmarks` (one compressed JSON document per gemeente
and group, or the Dutch reason the group cannot be formed for that gemeente). Computing them
reads the freshly built warehouse through `MemoryWarehouse`, the read layer with its repeated
queries answered from memory, which makes one benchmark a few tens of milliseconds.
"""

import gc
import io
import pickle
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from sociale_staat.analysis.benchmark import run
from sociale_staat.analysis.peers import SIMILAR_GROUP, group_names, resolve
from sociale_staat.analysis.results import Benchmark
from sociale_staat.core import settings
from sociale_staat.core.errors import InputError, SocialeStaatError
from sociale_staat.warehouse.queries import Warehouse
from sociale_staat.warehouse.records import Area, Indicator, Source
from sociale_staat.warehouse.records import Cell as StoredCell

BENCHMARKS_DDL = """
CREATE TABLE benchmarks (
    focus VARCHAR NOT NULL,        -- gemeente code
    peer_group VARCHAR NOT NULL,   -- declared peer-group name
    payload BLOB,                  -- zlib-compressed JSON of the benchmark, NULL when refused
    refusal VARCHAR,               -- why the group cannot be formed for this gemeente (Dutch)
    PRIMARY KEY (focus, peer_group)
)
"""


FORMAT = 5  # raise when the stored shape changes; an older warehouse is then not trusted


class MemoryWarehouse(Warehouse):
    """The read layer with catalogue, series and cross-sections held in memory: the same
    answers as `Warehouse`, without a query per call (used for bulk computation)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._indicator_rows: dict[str | None, list[Indicator]] = {}
        self._gemeenten = super().gemeenten()
        self._by_area: dict[str, list[StoredCell]] = {}
        cells = self._cells(
            "SELECT indicator, region_code, period, value, lower, upper, status, table_id"
            " FROM indicator_values WHERE indeling = 0",
            [],
        )
        for cell in cells:
            self._by_area.setdefault(cell.region_code, []).append(cell)
        self._sections: dict[tuple[str, int, str], dict[str, float]] = {}
        self._areas_by_text: dict[str, Area] = {}

    def indicators(self, theme: str | None = None) -> list[Indicator]:
        if theme not in self._indicator_rows:
            self._indicator_rows[theme] = super().indicators(theme)
        return self._indicator_rows[theme]

    def series(self, areas: list[str], indicators: list[str] | None = None) -> list[StoredCell]:
        wanted = set(indicators) if indicators is not None else None
        return [
            cell
            for area in dict.fromkeys(areas)
            for cell in self._by_area.get(area, [])
            if wanted is None or cell.indicator in wanted
        ]

    def gemeenten(self) -> list[Area]:
        return self._gemeenten

    def area(self, text: str, indeling: int | None = None) -> Area:
        if indeling is not None:
            return super().area(text, indeling)
        if text not in self._areas_by_text:
            self._areas_by_text[text] = super().area(text)
        return self._areas_by_text[text]

    def cross_section(
        self, indicator_id: str, period: int, level: str = "gemeente"
    ) -> dict[str, float]:
        key = (indicator_id, period, level)
        if key not in self._sections:
            self._sections[key] = super().cross_section(indicator_id, period, level)
        return self._sections[key]


@dataclass(frozen=True)
class Stored:
    """One precomputed entry: a benchmark, or the reason there is none."""

    benchmark: Benchmark | None
    refusal: str | None


def chosen_groups(folder: Path) -> list[str]:
    """The groups named by the `precompute_groups` setting. Left empty: the groups a page uses
    without being asked, the default group and (for every other gemeente without a declared
    group of its own) the structurally similar gemeenten, so no page computes a benchmark."""
    declared = group_names(folder)
    fallback = [settings.get("default_peers"), SIMILAR_GROUP]
    wanted = settings.get("precompute_groups").strip() or ",".join(
        dict.fromkeys(n for n in fallback if n in declared)
    )
    if wanted == "*":
        return declared
    names = [n.strip() for n in wanted.split(",") if n.strip()]
    unknown = [n for n in names if n not in declared]
    if unknown:
        raise InputError(
            f"SOCIALE_STAAT_PRECOMPUTE: onbekende peergroep {', '.join(unknown)}"
            f" (kies uit {', '.join(declared)} of *)"
        )
    return names


def precompute(path: Path, folder: Path, groups: list[str], focus: list[str] | None = None) -> int:
    """Compute every current gemeente (or `focus`) × `groups` into `path`, a warehouse not in
    use; returns how many benchmarks were stored."""
    warehouse = MemoryWarehouse(path)
    rows: list[tuple[str, str, bytes | None, str | None]] = []
    try:
        # The gemeenten of the newest indeling: a page is asked for them, not for merged ones.
        codes = focus or sorted(warehouse.gemeenten_in(9999))
        for name in groups:
            for code in codes:
                try:
                    bench = run(warehouse, resolve(warehouse, folder, name, code))
                except InputError:
                    raise
                except SocialeStaatError as err:
                    rows.append((code, name, None, str(err)))
                    continue
                rows.append((code, name, _dump(bench), None))
    finally:
        warehouse.con.close()
    con = duckdb.connect(str(path))
    try:
        con.execute(BENCHMARKS_DDL)
        con.executemany("INSERT INTO benchmarks VALUES (?, ?, ?, ?)", rows)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return sum(1 for r in rows if r[2] is not None)


def _dump(bench: Benchmark) -> bytes:
    # The result types grow as the analysis does (issue 12 added quality): pickled whole, so a
    # new field needs no serialiser of its own. Only ever unpickled from the warehouse this
    # project's own `build` wrote (the serving process opens no other file).
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump((FORMAT, bench))
    return zlib.compress(buffer.getvalue(), 6)


class _Pickler(pickle.Pickler):
    """Indicators and sources are stored once in the warehouse and held once by the server:
    a benchmark names them (persistent ids) instead of carrying 150 copies. Besides making
    the payload a third smaller, each named object is a call back into Python while loading,
    where the interpreter can hand the GIL to the event loop: no 20 ms stall of other answers."""

    def persistent_id(self, obj: object) -> tuple[str, str] | None:
        if isinstance(obj, Indicator):
            return ("indicator", obj.id)
        if isinstance(obj, Source):
            return ("source", obj.table_id)
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(
        self, data: bytes, indicators: dict[str, Indicator], sources: dict[str, Source]
    ) -> None:
        super().__init__(io.BytesIO(data))
        self.named: dict[str, dict[str, Indicator] | dict[str, Source]] = {
            "indicator": indicators,
            "source": sources,
        }

    def persistent_load(self, pid: object) -> Indicator | Source:
        assert isinstance(pid, tuple)
        kind, key = pid
        return self.named[str(kind)][str(key)]


_collector = threading.Lock()
_loading = 0


@contextmanager
def _without_collector() -> Iterator[None]:
    """Unpickling makes tens of thousands of objects, which would trigger full collections
    (a few hundred ms, scanning every cached benchmark). None of these objects form cycles
    that need the collector; once loaded they are frozen out of its scans."""
    global _loading
    with _collector:
        _loading += 1
        gc.disable()
    try:
        yield
    finally:
        with _collector:
            _loading -= 1
            if _loading == 0:
                gc.freeze()
                gc.enable()


def payloads(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], tuple[bytes | None, str]]:
    """Every stored (focus, group) -> (compressed benchmark or None, refusal), read in one go
    (a few megabytes): a page then needs no query to find its benchmark."""
    rows = con.execute("SELECT focus, peer_group, payload, refusal FROM benchmarks").fetchall()
    return {(f, g): (bytes(p) if p is not None else None, r or "") for f, g, p, r in rows}


def load(
    stored: dict[tuple[str, str], tuple[bytes | None, str]],
    focus: Area,
    group: str,
    indicators: dict[str, Indicator],
    sources: dict[str, Source],
) -> Stored | None:
    """The stored benchmark of `focus` (a gemeente) and `group`; None when not stored."""
    found = stored.get((focus.code, group))
    if found is None:
        return None
    payload, refusal = found
    if payload is None:
        return Stored(None, refusal)
    try:
        with _without_collector():
            version, bench = _Unpickler(zlib.decompress(payload), indicators, sources).load()
    except KeyError:  # names an indicator or source this warehouse no longer has
        return None
    if version != FORMAT:  # built by an older version: computed on request instead
        return None
    bench.group.focus = focus
    bench.sources = sources
    return Stored(bench, None)
