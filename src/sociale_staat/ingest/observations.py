"""Turn one snapshot (a wide raw table of strings) into long observations, in DuckDB.

One row per table × measure × region × period, with the value as published, its 95% bounds where
the source has them, and a status that says why a value is missing ('leeg', 'geheim').
"""

from collections import Counter
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from sociale_staat.core.errors import InputError
from sociale_staat.core.periods import parse_period
from sociale_staat.core.regions import RegionRegister, level_of
from sociale_staat.declarations.sources import SourceSpec

OBSERVATIONS_DDL = """
CREATE TABLE IF NOT EXISTS observations (
    table_id VARCHAR NOT NULL,     -- snapshot id (file name of its declaration)
    cbs_table VARCHAR NOT NULL,    -- CBS/RIVM table id
    measure VARCHAR NOT NULL,      -- OData key of the measure, plus a dimension suffix
    region_code VARCHAR NOT NULL,  -- NL, PVxx, GMxxxx, WKxxxxxx, BUxxxxxxxx ...
    region_level VARCHAR NOT NULL,
    indeling INTEGER NOT NULL,     -- wijk/buurt: year of the indeling its code belongs to; else 0
    period INTEGER NOT NULL,       -- calendar year
    period_type VARCHAR NOT NULL,  -- jaar, halfjaar, kwartaal, maand
    period_label VARCHAR NOT NULL,
    value DOUBLE,
    lower DOUBLE,                  -- 95% bounds, where the source publishes them
    upper DOUBLE,
    status VARCHAR NOT NULL        -- definitief, voorlopig, leeg, geheim
)
"""


@dataclass
class LoadReport:
    """What one table contributed, and what it could not place."""

    table_id: str
    indeling: int = 0
    rows: int = 0
    periods: list[str] = field(default_factory=list)
    levels: dict[str, int] = field(default_factory=dict)  # level -> number of regions
    unplaced_regions: dict[str, str] = field(default_factory=dict)  # label -> reason
    area_names: dict[str, str] = field(default_factory=dict)  # wijk/buurt code -> its label here
    skipped_periods: list[str] = field(default_factory=list)


def load_observations(
    con: duckdb.DuckDBPyConnection, spec: SourceSpec, frame: pd.DataFrame, register: RegionRegister
) -> LoadReport:
    """Insert the observations of one raw table into `observations`; report what was placed."""
    report = LoadReport(spec.id, indeling=spec.indeling or 0)
    _check_names([str(c) for c in frame.columns], spec)
    columns = spec.measure_columns(list(frame.columns))
    if missing := [c for c in columns if c not in frame]:
        raise InputError(f"tabel {spec.id}: meetkolom(men) niet in het bestand: {missing}")
    if not columns:
        raise InputError(f"tabel {spec.id}: geen meetkolommen gevonden")
    measures = [spec.measures_rename.get(c, c) for c in columns]
    frame = _select_dimensions(frame, spec)
    keyed = _keys(frame, spec, register, report)
    values = frame[columns].set_axis(measures, axis=1).reset_index(drop=True)
    wide = pd.concat([keyed, values], axis=1)
    wide = wide[wide["_code"].notna()]
    con.execute(OBSERVATIONS_DDL)
    con.register("_raw", wide)
    try:
        _check_numbers(con, measures, spec)
        _check_unique(con, spec)
        before = _count(con)
        con.execute(_insert_sql(measures, spec))
        report.rows = _count(con) - before
    except duckdb.Error as err:  # a shape the checks above did not foresee: still one clear line
        reason = str(err).splitlines()[0][:200]
        raise InputError(f"tabel {spec.id}: niet in te lezen ({reason})") from None
    finally:
        con.unregister("_raw")
    levels = Counter(level_of(c) for c in wide["_code"].unique())
    report.levels = {str(k): v for k, v in sorted(levels.items(), key=str)}
    report.periods = sorted(wide["_label"].unique().tolist())
    return report


def _check_names(names: list[str], spec: SourceSpec) -> None:
    """Column names become SQL names: an empty one cannot be written in SQL at all."""
    if any(not name.strip() for name in names):
        raise InputError(f"tabel {spec.id}: een kolom heeft geen naam")


def _select_dimensions(frame: pd.DataFrame, spec: SourceSpec) -> pd.DataFrame:
    """Keep the declared categories of each non-region dimension; remember their suffix."""
    frame = frame.copy()
    frame["_suffix"] = ""
    for column, categories in spec.dimensions.items():
        if column not in frame:
            raise InputError(f"tabel {spec.id}: dimensie '{column}' staat niet in het bestand")
        stripped = frame[column].str.strip()
        frame = frame[stripped.isin(categories)].copy()
        frame["_suffix"] += stripped[frame.index].map(categories).fillna("")
    if frame.empty:
        raise InputError(f"tabel {spec.id}: geen rijen over na de keuze van categorieën")
    return frame.reset_index(drop=True)


def _keys(
    frame: pd.DataFrame, spec: SourceSpec, register: RegionRegister, report: LoadReport
) -> pd.DataFrame:
    """Region code and period of every row (None where they cannot be placed)."""
    for column in (spec.region, spec.region_code, spec.period):
        if column and column not in frame:
            raise InputError(f"tabel {spec.id}: kolom '{column}' staat niet in het bestand")
    keys = pd.DataFrame(index=frame.index)
    region_source = frame[spec.region_code or spec.region]
    codes: dict[str, str | None] = {}
    skipped = set(spec.skip_regions)
    for raw in region_source.unique():
        if raw.strip() in skipped:
            codes[raw] = None
            continue
        resolution = register.resolve(raw)
        codes[raw] = resolution.code
        if resolution.code is None and resolution.reason != "ander gebiedstype":
            report.unplaced_regions[raw.strip()] = resolution.reason
        elif resolution.code is not None and not _kept(spec, level_of(resolution.code)):
            codes[raw] = None
    keys["_code"] = region_source.map(codes)
    period_source = (
        frame[spec.period] if spec.period else pd.Series(spec.period_fixed, index=frame.index)
    )
    parsed = {}
    for raw in period_source.unique():
        label = spec.period_aliases.get(raw.strip(), raw.strip())
        period = parse_period(label) if label is not None else None
        if period is None:
            report.skipped_periods.append(raw.strip())
        parsed[raw] = period
    periods = period_source.map(parsed)
    keys["_year"] = periods.map(lambda p: p.year if p else None)
    keys["_type"] = periods.map(lambda p: p.type if p else None)
    keys["_label"] = periods.map(lambda p: p.label if p else None)
    keys["_provisional"] = periods.map(lambda p: bool(p and p.provisional))
    keys.loc[keys["_year"].isna(), "_code"] = None
    keys["_level"] = keys["_code"].map(lambda c: level_of(c) if isinstance(c, str) else None)
    small = keys["_level"].isin(["wijk", "buurt"])
    if small.any():
        if spec.indeling is None:
            raise InputError(
                f"tabel {spec.id}: bevat wijken of buurten maar geen 'indeling' (het jaar van de "
                "wijk- en buurtindeling): codes van verschillende indelingen zijn andere gebieden"
            )
        if spec.region_code:
            labels = frame.loc[small, spec.region].str.strip()
            small_codes = keys.loc[small, "_code"]
            report.area_names = {
                c: n
                for c, n in zip(small_codes, labels, strict=True)
                if n and not level_of(n.strip())
            }
    keys["_indeling"] = small.map({True: spec.indeling or 0, False: 0}).astype("int64")
    keys["_suffix"] = frame["_suffix"]
    keys["_margin"] = _margin_roles(frame, spec)
    return keys.reset_index(drop=True)


def _kept(spec: SourceSpec, level: str | None) -> bool:
    """A region is read when its level is modelled and, if the table says so, kept."""
    return level is not None and (spec.keep_levels is None or level in spec.keep_levels)


def _margin_roles(frame: pd.DataFrame, spec: SourceSpec) -> pd.Series:
    if spec.margin is None:
        return pd.Series("value", index=frame.index)
    m = spec.margin
    roles = {m.value: "value", m.lower: "lower", m.upper: "upper", m.halfwidth: "halfwidth"}
    stripped = frame[m.column].str.strip()
    unknown = set(stripped.unique()) - {k for k in roles if k}
    if unknown:
        raise InputError(f"tabel {spec.id}: onbekende categorie in '{m.column}': {sorted(unknown)}")
    return stripped.map(roles)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_CLEAN = "NULLIF(NULLIF(rtrim(trim(raw), '*'), ''), '.')"
_NUMBER = f"TRY_CAST(replace({_CLEAN}, ',', '.') AS DOUBLE)"


def _unpivot(measures: list[str]) -> str:
    columns = ", ".join(_q(m) for m in measures)
    return f"(UNPIVOT _raw ON {columns} INTO NAME measure VALUE raw)"


def _check_numbers(con: duckdb.DuckDBPyConnection, measures: list[str], spec: SourceSpec) -> None:
    bad = con.execute(
        f"SELECT measure, raw FROM {_unpivot(measures)} "
        f"WHERE {_CLEAN} IS NOT NULL AND {_NUMBER} IS NULL LIMIT 3"
    ).fetchall()
    if bad:
        shown = "; ".join(f"kolom {m}: '{r.strip()}'" for m, r in bad)
        raise InputError(f"tabel {spec.id}: waarden die geen getal zijn: {shown}")


def _check_unique(con: duckdb.DuckDBPyConnection, spec: SourceSpec) -> None:
    """Two rows for one region and period (e.g. an old and a new name of one gemeente) are
    never merged silently."""
    dup = con.execute(
        "SELECT _code, _label, _suffix FROM _raw "
        "GROUP BY _code, _label, _suffix, _margin HAVING count(*) > 1 LIMIT 3"
    ).fetchall()
    if dup:
        shown = "; ".join(f"{c} {p}{s}" for c, p, s in dup)
        raise InputError(
            f"tabel {spec.id}: meer dan één rij voor hetzelfde gebied en dezelfde periode: {shown}"
        )


def _insert_sql(measures: list[str], spec: SourceSpec) -> str:
    table_id = spec.id.replace("'", "''")
    cbs = spec.cbs_table.replace("'", "''")
    return f"""
    INSERT INTO observations
    SELECT '{table_id}', '{cbs}', measure || _suffix, _code, _level, _indeling, _year, _type,
           _label,
           v, coalesce(lo, v - hw), coalesce(hi, v + hw),
           CASE WHEN trim(raw) = '.' THEN 'geheim'
                WHEN v IS NULL THEN 'leeg'
                WHEN provisional OR rtrim(raw) LIKE '%*' THEN 'voorlopig'
                ELSE 'definitief' END
    FROM (
        SELECT measure, _suffix, _code, _level, _indeling, _year, _type, _label,
               any_value(raw) FILTER (_margin = 'value') AS raw,
               bool_or(_provisional) AS provisional,
               any_value({_NUMBER}) FILTER (_margin = 'value') AS v,
               any_value({_NUMBER}) FILTER (_margin = 'lower') AS lo,
               any_value({_NUMBER}) FILTER (_margin = 'upper') AS hi,
               any_value({_NUMBER}) FILTER (_margin = 'halfwidth') AS hw
        FROM {_unpivot(measures)}
        GROUP BY ALL
    )
    WHERE raw IS NOT NULL
    """


def _count(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(*) FROM observations").fetchone()
    return int(row[0]) if row else 0
