"""Build the warehouse (a DuckDB file) from snapshots and the catalogue: a pure function of both.

The new warehouse is written next to the old one and renamed over it only when complete, so a
failed build leaves the previous warehouse as it was; running it twice gives the same content.
"""

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from sociale_staat.core.errors import InputError, SocialeStaatError
from sociale_staat.core.regions import RegionRegister, learn_register, level_of
from sociale_staat.declarations.catalogue import Catalogue, Indicator, IndicatorSource, scale
from sociale_staat.ingest.observations import OBSERVATIONS_DDL, LoadReport, load_observations
from sociale_staat.ingest.snapshot import Snapshot, verify

Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    path: Path
    observations: int = 0
    indicator_values: int = 0
    benchmarks: int = 0
    tables: list[LoadReport] = field(default_factory=list)


def build(
    snapshots: dict[str, Snapshot],
    catalogue: Catalogue,
    target: Path,
    progress: Progress = lambda _s, _i, _n: None,
    peer_groups: Path | None = None,
) -> BuildReport:
    """Load every snapshot, compute every indicator, and swap the result into `target`.

    With `peer_groups` (the declared folder), benchmarks are precomputed into it as well."""
    check_catalogue(catalogue, snapshots)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(target)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.building")
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            report = _fill(con, snapshots, catalogue, progress)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        if peer_groups is not None:  # benchmarks ready before the warehouse is swapped in
            from sociale_staat.warehouse import precompute

            progress("benchmarks vooraf berekenen", 1, 1)
            groups = precompute.chosen_groups(peer_groups)
            report.benchmarks = precompute.precompute(tmp, peer_groups, groups)
        os.replace(tmp, target)
    except (duckdb.IOException, duckdb.FatalException, OSError) as err:
        # A full disk shows up as a failed write or checkpoint: say so in one line.
        reason = str(err).splitlines()[0][:200]
        raise SocialeStaatError(
            f"{target}: bouwen mislukt bij het schrijven (schijf vol?): {reason}; "
            "het vorige warehouse is ongewijzigd"
        ) from None
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
    report.path = target
    return report


def _remove_stale_builds(target: Path) -> None:
    """Half-written builds of processes that were killed (their process id no longer runs)."""
    for stale in target.parent.glob(f".{target.name}.*.building*"):
        pid = stale.name.removeprefix(f".{target.name}.").split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            stale.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def check_catalogue(catalogue: Catalogue, snapshots: dict[str, Snapshot]) -> None:
    """Every indicator source names a snapshot and measures that exist: typos fail early."""
    for indicator in catalogue:
        for index, source in enumerate(indicator.sources):
            where = f"indicators/{indicator.theme}/{indicator.id}.yml, sources[{index}]"
            for measure in _measures(source):
                _check_measure(where, snapshots, source.table, measure)
            if source.denominator_table and source.denominator:
                _check_measure(where, snapshots, source.denominator_table, source.denominator)


def _check_measure(where: str, snapshots: dict[str, Snapshot], table: str, measure: str) -> None:
    snap = snapshots.get(table)
    if snap is None:
        raise InputError(f"{where}: onbekende tabel '{table}'")
    columns = set(snap.manifest["columns"]) | set(snap.spec.measures_rename.values())
    if measure.split("|", 1)[0] not in columns:
        raise InputError(f"{where}: maat '{measure}' staat niet in tabel {table}")


def _fill(
    con: duckdb.DuckDBPyConnection,
    snapshots: dict[str, Snapshot],
    catalogue: Catalogue,
    progress: Progress,
) -> BuildReport:
    report = BuildReport(Path())
    frames = {}
    steps = len(snapshots) + len(catalogue)
    for snap in snapshots.values():
        verify(snap)
        frames[snap.spec.id] = snap.frame()
    register = learn_register((snapshots[k].spec, f) for k, f in frames.items())
    con.execute(OBSERVATIONS_DDL)
    for done, (table_id, frame) in enumerate(frames.items(), start=1):
        progress(f"tabel {table_id}", done, steps)
        report.tables.append(load_observations(con, snapshots[table_id].spec, frame, register))
    _write_tables(con, snapshots, report.tables)
    _write_regions(con, register, report.tables)
    _write_indicators(con, catalogue, snapshots)
    con.execute(INDICATOR_VALUES_DDL)
    for done, indicator in enumerate(catalogue, start=len(frames) + 1):
        progress(f"indicator {indicator.id}", done, steps)
        _compute(con, indicator)
    con.execute(
        "CREATE TABLE build AS SELECT ? AS built_at, ? AS snapshot_ids",
        [datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), json.dumps(sorted(snapshots))],
    )
    report.observations = _scalar(con, "SELECT count(*) FROM observations")
    report.indicator_values = _scalar(con, "SELECT count(*) FROM indicator_values")
    return report


INDICATOR_VALUES_DDL = """
CREATE TABLE indicator_values (
    indicator VARCHAR NOT NULL,
    region_code VARCHAR NOT NULL,
    region_level VARCHAR NOT NULL,
    indeling INTEGER NOT NULL,     -- wijk/buurt indeling year (0 for other levels)
    period INTEGER NOT NULL,
    value DOUBLE,
    lower DOUBLE,
    upper DOUBLE,
    status VARCHAR NOT NULL,
    table_id VARCHAR NOT NULL,     -- the snapshot the value came from
    PRIMARY KEY (indicator, region_code, indeling, period)
)
"""


def _measures(source: IndicatorSource) -> list[str]:
    if source.measure is not None:
        return [m for m in (source.measure, source.lower, source.upper) if m]
    own_denominator = [] if source.denominator_table else [source.denominator or ""]
    return [*(source.numerator or []), *own_denominator]


def _source_sql(
    indicator: Indicator, source: IndicatorSource, priority: int
) -> tuple[str, list[object]]:
    levels = source.levels or indicator.levels
    if source.measure is not None:
        f = source.factor
        bounds, params = "", []
        for alias, measure in (("l", source.lower), ("u", source.upper)):
            if measure:  # bounds published as separate measures of the same table
                bounds += (
                    f" LEFT JOIN observations {alias} ON {alias}.table_id = o.table_id"
                    f" AND {alias}.measure = ? AND {alias}.region_code = o.region_code"
                    f" AND {alias}.indeling = o.indeling AND {alias}.period = o.period"
                    f" AND {alias}.period_type = o.period_type"
                )
                params.append(measure)
        lower = "coalesce(o.lower, l.value)" if source.lower else "o.lower"
        upper = "coalesce(o.upper, u.value)" if source.upper else "o.upper"
        sql = (
            f"SELECT o.region_code, o.region_level, o.indeling, o.period, o.value * {f} AS value,"
            f" {lower} * {f} AS lower, {upper} * {f} AS upper, o.status, {priority} AS priority,"
            f" o.table_id FROM observations o{bounds}"
            " WHERE o.table_id = ? AND o.period_type = 'jaar'"
            " AND list_contains(?, o.region_level) AND o.measure = ?"
        )
        return sql, [*params, source.table, levels, source.measure]
    numerator = source.numerator or []
    num_table, den_table = source.table, source.denominator_table or source.table
    # A ratio only where every numerator part and the denominator are there; its status is
    # the least certain of the parts ('geheim' > 'leeg' > 'voorlopig' > 'definitief'). The
    # denominator may come from another table (inwoners), matched on region and year.
    is_num = "(table_id = ? AND list_contains(?, measure))"
    is_den = "(table_id = ? AND measure = ?)"
    sql = f"""
        SELECT region_code, any_value(region_level) AS region_level, indeling, period,
               CASE WHEN count(value) FILTER ({is_num}) = {len(numerator)}
                         AND any_value(value) FILTER ({is_den}) > 0
                    THEN {scale(indicator.kind) * source.factor} * sum(value) FILTER ({is_num})
                         / any_value(value) FILTER ({is_den}) END AS value,
               NULL::DOUBLE AS lower, NULL::DOUBLE AS upper,
               CASE WHEN list_contains(list(status), 'geheim') THEN 'geheim'
                    WHEN list_contains(list(status), 'leeg') THEN 'leeg'
                    WHEN list_contains(list(status), 'voorlopig') THEN 'voorlopig'
                    ELSE 'definitief' END AS status,
               {priority} AS priority, ? AS table_id
        FROM observations WHERE period_type = 'jaar' AND list_contains(?, region_level)
          AND ({is_num} OR {is_den})
        GROUP BY region_code, indeling, period
        HAVING count(*) FILTER ({is_num}) > 0
    """
    num: list[object] = [num_table, numerator]
    den: list[object] = [den_table, source.denominator]
    ratio_params: list[object] = [*num, *den, *num, *den, num_table, levels, *num, *den, *num]
    return sql, ratio_params


def _compute(con: duckdb.DuckDBPyConnection, indicator: Indicator) -> None:
    if not indicator.sources:
        return
    parts: list[str] = []
    params: list[object] = []
    for priority, source in enumerate(indicator.sources):
        sql, p = _source_sql(indicator, source, priority)
        parts.append(sql)
        params += p
    union = "\nUNION ALL\n".join(f"({p})" for p in parts)
    # Per region and year the first source that has a value wins; if none has one, the first
    # source's row is kept so the reason (leeg, geheim) travels on.
    con.execute(
        f"""
        INSERT INTO indicator_values
        SELECT ?, region_code, region_level, indeling, period, value, lower, upper,
               CASE WHEN value IS NULL AND status NOT IN ('leeg', 'geheim') THEN 'leeg'
                    ELSE status END,
               table_id
        FROM ({union})
        QUALIFY row_number() OVER (
            PARTITION BY region_code, indeling, period ORDER BY value IS NULL, priority) = 1
        """,
        [indicator.id, *params],
    )


def _write_tables(
    con: duckdb.DuckDBPyConnection, snapshots: dict[str, Snapshot], reports: list[LoadReport]
) -> None:
    rows = []
    for load in reports:
        m = snapshots[load.table_id].manifest
        rows.append(
            (
                m["id"],
                m["cbs_table"],
                m["title"],
                m["publisher"],
                m["licence"],
                m["source_file"],
                m["source_sha256"],
                m["exported"],
                m["snapshot_created"],
                m["row_count"],
                m["partial"],
                m["gaps"],
                load.rows,
                load.periods,
                json.dumps(load.levels),
                json.dumps(load.unplaced_regions, ensure_ascii=False),
            )
        )
    con.execute("""
        CREATE TABLE source_tables (
            table_id VARCHAR PRIMARY KEY, cbs_table VARCHAR, title VARCHAR, publisher VARCHAR,
            licence VARCHAR, source_file VARCHAR, source_sha256 VARCHAR, exported VARCHAR,
            snapshot_created VARCHAR, row_count INTEGER, partial BOOLEAN, gaps VARCHAR[],
            observations INTEGER, periods VARCHAR[], levels JSON, unplaced_regions JSON)
    """)
    con.executemany("INSERT INTO source_tables VALUES " + _marks(16), rows)


def _write_regions(
    con: duckdb.DuckDBPyConnection, register: RegionRegister, loads: list[LoadReport]
) -> None:
    """Every area seen in the data. A wijk or buurt is a code within one indeling: the same
    code in another indeling is another area, with its own row."""
    con.execute("""
        CREATE TABLE regions (code VARCHAR, indeling INTEGER, name VARCHAR, level VARCHAR,
                              gemeente_code VARCHAR, provincie_code VARCHAR,
                              indelingen INTEGER[],  -- Gebieden-in-Nederland years it is in
                              PRIMARY KEY (code, indeling))
    """)
    small_names = {
        (code, load.indeling): name for load in loads for code, name in load.area_names.items()
    }
    seen = con.execute("SELECT DISTINCT region_code, indeling FROM observations").fetchall()
    rows = []
    for code, indeling in seen:
        level = level_of(code)
        gemeente = "GM" + code[2:6] if level in ("wijk", "buurt") else None
        name = small_names.get((code, indeling)) if indeling else register.name(code)
        if indeling and name is None:
            name = f"{level} {code}"  # the source gives only the code
        provincie = register.provincie.get(gemeente or code)
        years = sorted(register.indelingen.get(code, set()))
        rows.append((code, indeling, name, level, gemeente, provincie, years))
    con.executemany("INSERT INTO regions VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


def _write_indicators(
    con: duckdb.DuckDBPyConnection, catalogue: Catalogue, snapshots: dict[str, Snapshot]
) -> None:
    con.execute("""
        CREATE TABLE indicators (id VARCHAR PRIMARY KEY, theme VARCHAR, theme_title VARCHAR,
            title VARCHAR, phrase VARCHAR, unit VARCHAR, kind VARCHAR, polarity VARCHAR, decimals INTEGER,
            levels VARCHAR[], definition VARCHAR, caveats VARCHAR, unavailable VARCHAR,
            sources JSON, position INTEGER,
            breuken STRUCT(jaar INTEGER, wat VARCHAR)[],  -- the indicator's and its sources'
            meetwijze VARCHAR, meetwijze_toelichting VARCHAR, alternatief VARCHAR)
    """)
    rows = [
        (
            i.id,
            i.theme,
            i.theme_title,
            i.title,
            i.noun_phrase,
            i.unit,
            i.kind,
            i.polarity,
            i.decimals,
            list(i.levels),
            i.definition,
            i.caveats,
            i.unavailable,
            json.dumps([s.model_dump(exclude_none=True) for s in i.sources]),
            n,
            _breaks(i, snapshots),
            i.meetwijze,
            i.meetwijze_toelichting,
            i.alternatief,
        )
        for n, i in enumerate(catalogue)
    ]
    con.executemany("INSERT INTO indicators VALUES " + _marks(19), rows)


def _breaks(indicator: Indicator, snapshots: dict[str, Snapshot]) -> list[dict[str, object]]:
    """The indicator's declared breaks plus those of every table it reads, oldest first."""
    found = {(b.jaar, b.wat) for b in indicator.breuken}
    for source in indicator.sources:
        found |= {(b.jaar, b.wat) for b in snapshots[source.table].spec.breuken}
    return [{"jaar": j, "wat": w} for j, w in sorted(found)]


def _marks(n: int) -> str:
    return "(" + ", ".join("?" * n) + ")"


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0
